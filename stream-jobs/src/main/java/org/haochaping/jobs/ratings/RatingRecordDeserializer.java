package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes each Kafka record in the source; nothing is dropped: invalid records travel on as dead letters. */
public class RatingRecordDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {

    private final RatingDecoder decoder;

    public RatingRecordDeserializer(PipelineSettings settings) {
        this.decoder = new RatingDecoder(settings);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        out.collect(decoder.decode(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.value()));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return RatingTypes.PARSED_RECORD;
    }
}
