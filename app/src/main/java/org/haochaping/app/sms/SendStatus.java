package org.haochaping.app.sms;

/** The {@code sms_sends.status} values; the newest row per invitation is its state. */
public enum SendStatus {
    /** Written just before a gateway call: from here on the message may have left. */
    SENDING,
    /** The gateway took the message. */
    SENT,
    /** The gateway refused it, or kept failing until the retries ran out. Not tried again. */
    FAILED,
    /** The invitation's rating window ended before it could be sent. Not sent. */
    EXPIRED,
    /**
     * A {@link #SENDING} row with no outcome, found later: a sender stopped mid-call. The message may or
     * may not have left; it is not sent again (better no SMS than two).
     */
    UNCONFIRMED;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static SendStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
