package org.haochaping.jobs.ratings;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes each Kafka record in the source; nothing is dropped: invalid records travel on as dead letters. */
public class KafkaRecordDeserializer<T> implements KafkaRecordDeserializationSchema<ParsedRecord<T>> {

    private final RecordDecoder<T> decoder;
    private final TypeInformation<ParsedRecord<T>> producedType;

    public KafkaRecordDeserializer(RecordKind<T> kind, PipelineSettings settings) {
        this.decoder = new RecordDecoder<>(kind, settings);
        this.producedType = kind.parsedType();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<T>> out) {
        out.collect(decoder.decode(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.value()));
    }

    @Override
    public TypeInformation<ParsedRecord<T>> getProducedType() {
        return producedType;
    }
}
