package org.haochaping.jobs.ratings;

import org.haochaping.model.sms.SmsInvitation;

/** An invitation as an outbox record: key = phone hash (one phone's invitations stay in order), value = JSON. */
public class SmsOutboxSerializer extends KeyedJsonSerializer<SmsInvitation> {

    public SmsOutboxSerializer(String topic) {
        super(topic, SmsInvitation::phoneHash);
    }
}
