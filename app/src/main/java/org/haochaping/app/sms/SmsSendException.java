package org.haochaping.app.sms;

/**
 * A message the gateway did not take. Retryable: the gateway was busy or unreachable (5xx, 408, 429, a
 * timeout or a broken connection). Permanent: the gateway refused this message (other 4xx), so sending
 * it again would be refused again. The message must never contain the phone number in clear.
 */
public final class SmsSendException extends Exception {

    private final boolean retryable;

    public SmsSendException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SmsSendException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
