package org.haochaping.app.delivery;

import java.util.Map;

/**
 * A message the receiver did not take. Retryable: it was busy or unreachable (5xx, 408, 429, a timeout or
 * a broken connection). Permanent: it refused this message (other 4xx), so sending it again would be
 * refused again. The message text is recorded in the delivery log, so it must hold no personal data.
 */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final Map<String, Object> columns;

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, Map.of(), null);
    }

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, Map.of(), cause);
    }

    /** @param columns what the failed row records besides the message, e.g. {@code http_status} */
    public DeliveryException(String message, boolean retryable, Map<String, Object> columns, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.columns = Map.copyOf(columns);
    }

    public boolean retryable() {
        return retryable;
    }

    public Map<String, Object> columns() {
        return columns;
    }
}
