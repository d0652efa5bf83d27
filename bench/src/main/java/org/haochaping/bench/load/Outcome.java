package org.haochaping.bench.load;

/** How one rating request ended, from the sender's side. */
public enum Outcome {
    /** no answer recorded (not sent yet, or still waiting) */
    NONE,
    /** 202: Kafka acknowledged the rating */
    ACCEPTED,
    /** another 2xx or a 3xx: not expected from the edge */
    OTHER_STATUS,
    /** 4xx: refused, never stored */
    CLIENT_ERROR,
    /** 5xx (503: Kafka did not acknowledge in time; the rating may or may not be stored) */
    SERVER_ERROR,
    /** no HTTP answer: refused or broken connection; the rating may or may not be stored */
    CONNECTION_ERROR,
    /** no answer within the request timeout; the rating may or may not be stored */
    TIMEOUT;

    static Outcome ofStatus(int status) {
        if (status == 202) {
            return ACCEPTED;
        }
        if (status >= 400 && status < 500) {
            return CLIENT_ERROR;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return OTHER_STATUS;
    }

    /** Whether the rating may have reached Kafka although the sender got no 202 (at most once, then). */
    public boolean unknown() {
        return this == SERVER_ERROR || this == CONNECTION_ERROR || this == TIMEOUT || this == NONE;
    }
}
