package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Passes bytes through untouched: parsing happens in {@link ParseRating}, where failures become dead letters. */
public class KafkaRecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
        out.collect(new KafkaRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.value() == null ? new byte[0] : record.value()));
    }

    @Override
    public TypeInformation<KafkaRecord> getProducedType() {
        return RatingTypes.KAFKA_RECORD;
    }
}
