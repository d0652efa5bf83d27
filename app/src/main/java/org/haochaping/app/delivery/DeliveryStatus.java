package org.haochaping.app.delivery;

import java.util.Locale;

/**
 * The {@code status} column of a delivery log ({@code sms_sends}, {@code alert_deliveries}); the newest row
 * per id is its state. {@link #SENDING}, {@link #SENT} and {@link #FAILED} are written by every sender;
 * the others name a sender's own reasons for not sending.
 */
public enum DeliveryStatus {
    /** Written just before each call: from here on the message may have left. */
    SENDING,
    /** The receiver took the message. */
    SENT,
    /** The receiver refused it, or kept failing until the retries ran out. Not tried again. */
    FAILED,
    /** SMS: the invitation's rating window ended before it could be sent. Not sent. */
    EXPIRED,
    /**
     * SMS: a {@link #SENDING} row with no outcome, found later: a sender stopped mid-call. The message may
     * or may not have left; it is not sent again (better no SMS than two).
     */
    UNCONFIRMED,
    /** Alerts: the alert's type is not posted ({@code alerts.webhookTypes}). */
    SKIPPED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeliveryStatus ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
