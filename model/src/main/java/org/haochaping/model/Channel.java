package org.haochaping.model;

/**
 * Where a rating came from (评价渠道). The wire name is stable and stored in ClickHouse; the provincial
 * {@code pf} code varies by province and is mapped through configuration, not here.
 */
public enum Channel {
    EVALUATOR("evaluator", "政务大厅平板电脑"),
    KIOSK("kiosk", "政务大厅其他终端"),
    QR("qr", "二维码"),
    SMS("sms", "短信"),
    PC("pc", "PC端"),
    MOBILE("mobile", "移动端"),
    PHONE("phone", "电话"),
    DEFAULT("default", "系统默认评价");

    private final String wireName;
    private final String chineseName;

    Channel(String wireName, String chineseName) {
        this.wireName = wireName;
        this.chineseName = chineseName;
    }

    public String wireName() {
        return wireName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** @return the channel, or null when the name is unknown */
    public static Channel fromWireName(String name) {
        for (Channel c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
