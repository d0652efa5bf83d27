package org.haochaping.app.sms;

import org.haochaping.model.config.HcpConfig;

/**
 * Where invitations leave the system: an SMS gateway outside it. Production uses {@link HttpSmsGateway};
 * the embedded runtime uses {@link LoggingSmsGateway}; tests stand in for the outside gateway with their
 * own implementation of this interface.
 */
public interface SmsGateway {

    /** Short name recorded with every send in {@code sms_sends.gateway}. */
    String name();

    /**
     * Sends one text message.
     *
     * @param phone the 11-digit mainland mobile number, in clear (it must not be logged)
     * @return the gateway's message id, or "" when the gateway gives none
     * @throws SmsSendException when it was not sent; {@link SmsSendException#retryable()} says whether
     *     trying again may help
     */
    String send(String phone, String text) throws SmsSendException;

    /** The gateway {@code sms.gateway} selects. */
    static SmsGateway fromConfig(HcpConfig.Sms sms) {
        return switch (sms.gateway()) {
            case LOGGING -> new LoggingSmsGateway(LoggingSmsGateway.DEFAULT_KEEP);
            case HTTP -> HttpSmsGateway.fromConfig(sms);
        };
    }
}
