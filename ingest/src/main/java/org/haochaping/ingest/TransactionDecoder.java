package org.haochaping.ingest;

import java.time.Instant;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.RatingJson;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventValidator;
import org.haochaping.model.cases.TransactionRequest;

/**
 * {@code POST /api/v1/transactions}: a business system's {@link TransactionRequest} becomes a
 * validated {@link CaseEvent} keyed by projectNo. The citizen's phone is hashed, masked and sealed
 * here; the clear number never enters Kafka.
 */
final class TransactionDecoder implements SignedRecordApi.Decoder {

    static final String PATH = "/api/v1/transactions";

    private final PhoneProtector phones;
    private final PhoneCipher cipher;
    private final CaseEventValidator validator;

    TransactionDecoder(PhoneProtector phones, PhoneCipher cipher, CaseEventValidator validator) {
        this.phones = phones;
        this.cipher = cipher;
        this.validator = validator;
    }

    @Override
    public SignedRecordApi.Decoded decode(byte[] body, String systemId, Instant now) throws InvalidRatingException {
        CaseEvent event = EdgeHttp.readJson(body, TransactionRequest.class).toCaseEvent(systemId, now, phones, cipher);
        validator.check(event, now);
        return new SignedRecordApi.Decoded(event.projectNo(), RatingJson.write(event), event.eventId());
    }
}
