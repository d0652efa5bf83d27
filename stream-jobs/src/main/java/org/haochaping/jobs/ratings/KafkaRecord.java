package org.haochaping.jobs.ratings;

/** One record as read from Kafka, before parsing: where it came from, so a dead letter can name it. */
public record KafkaRecord(String topic, int partition, long offset, long timestamp, byte[] value) {

    /** Stable across replays: the same record always gets the same id. */
    public String sourceId() {
        return topic + "-" + partition + "@" + offset;
    }
}
