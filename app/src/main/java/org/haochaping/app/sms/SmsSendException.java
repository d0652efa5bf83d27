package org.haochaping.app.sms;

import org.haochaping.app.delivery.DeliveryException;

/**
 * A message the SMS gateway did not take. Retryable: the gateway was busy or unreachable (5xx, 408, 429, a
 * timeout or a broken connection). Permanent: the gateway refused this message (other 4xx), so sending
 * it again would be refused again. The message must never contain the phone number in clear.
 */
public final class SmsSendException extends DeliveryException {

    public SmsSendException(String message, boolean retryable) {
        super(message, retryable);
    }

    public SmsSendException(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
