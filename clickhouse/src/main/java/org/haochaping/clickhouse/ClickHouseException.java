package org.haochaping.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A statement ClickHouse refused or could not run; the message is ClickHouse's own error text. */
public class ClickHouseException extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");
    private static final int MAX_QUERY_CHARS = 300;

    private final int code;

    public ClickHouseException(String message) {
        this(message, -1, null);
    }

    public ClickHouseException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** From ClickHouse's error text ("Code: 60. DB::Exception: …"), naming the statement that failed. */
    static ClickHouseException fromServerText(String text, String sql) {
        String message = text.strip();
        Matcher m = CODE.matcher(message);
        int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
        return new ClickHouseException(message + " [statement: " + abbreviate(sql) + "]", code, null);
    }

    static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_QUERY_CHARS ? oneLine : oneLine.substring(0, MAX_QUERY_CHARS) + "…";
    }

    /** ClickHouse's error code (60 = unknown table, 62 = syntax error, …), or -1 if there is none. */
    public int code() {
        return code;
    }
}
