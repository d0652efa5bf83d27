package org.haochaping.app.sms;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.haochaping.model.PhoneProtector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: writes each invitation to the log with the phone masked, and keeps the last few
 * in memory (phone included, never persisted) so the demo can answer them like a citizen would.
 */
public final class LoggingSmsGateway implements SmsGateway {

    public static final int DEFAULT_KEEP = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSmsGateway.class);

    /** One message as the gateway took it. {@link #toString()} masks the phone. */
    public record Message(String messageId, String phone, String text, Instant sentAt) {
        @Override
        public String toString() {
            return "Message[" + messageId + " to " + masked(phone) + " at " + sentAt + ": " + text + "]";
        }
    }

    private final int keep;
    private final Deque<Message> recent = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    public LoggingSmsGateway(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.keep = keep;
    }

    @Override
    public String name() {
        return "logging";
    }

    @Override
    public String send(String phone, String text) {
        String id = "log-" + sequence.incrementAndGet();
        LOG.info("SMS {} to {}: {}", id, masked(phone), text);
        synchronized (recent) {
            if (recent.size() == keep) {
                recent.removeFirst();
            }
            recent.addLast(new Message(id, phone, text, Instant.now()));
        }
        return id;
    }

    /** The last messages, oldest first. */
    public List<Message> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** How many messages were sent since start, including those no longer kept. */
    public long sentCount() {
        return sequence.get();
    }

    static String masked(String phone) {
        String normalized = phone == null ? null : PhoneProtector.normalize(phone);
        return normalized == null ? "(not a mobile number)" : PhoneProtector.mask(normalized);
    }
}
