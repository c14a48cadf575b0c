package org.identitymesh.connector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Reads what a connector wrote, as a consumer would: every topic under a prefix, from the beginning to the end a
 * {@code read_committed} consumer can see, values parsed as JSON (the payload of an envelope when schemas are on).
 */
final class TopicsReader {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record.
     *
     * @param topic  its topic
     * @param key    the key, parsed
     * @param value  the value, parsed; {@code null} for a tombstone
     * @param seq    the {@code identitymesh.seq} header, or -1
     * @param round  the {@code identitymesh.round} header, or {@code null}
     * @param offset its Kafka offset
     */
    record Read(String topic, JsonNode key, JsonNode value, long seq, String round, long offset) {

        String tenant() {
            return key.path("tenant").asText();
        }
    }

    private TopicsReader() {
    }

    /**
     * Reads every record of the topics under a prefix that a read_committed consumer sees now.
     *
     * @param kafka  the cluster
     * @param prefix the topic prefix
     * @return the records, per topic in offset order, topics one after another
     */
    static List<Read> readAll(EmbeddedKafkaCluster kafka, String prefix) {
        return readAll(kafka, prefix, topic -> true);
    }

    static List<Read> readAll(EmbeddedKafkaCluster kafka, String prefix, Predicate<String> topics) {
        Set<String> names;
        try (Admin admin = kafka.createAdminClient()) {
            names = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix + ".")).filter(topics).collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<Read> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : names) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read to the end of " + names);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new Read(r.topic(), payload(parse(r.key())), r.value() == null ? null : payload(parse(r.value())),
                            header(r, RecordMapper.HEADER_SEQ) == null ? -1
                                    : Long.parseLong(header(r, RecordMapper.HEADER_SEQ)),
                            header(r, RecordMapper.HEADER_ROUND), r.offset()));
                }
            }
        }
        return out;
    }

    /** The records in the tenant's delivery order: by sequence number, then by Kafka offset. */
    static List<Read> inDeliveryOrder(List<Read> records) {
        List<Read> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(Read::seq).thenComparing(Read::topic).thenComparingLong(Read::offset));
        return sorted;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode payload(JsonNode node) {
        return node != null && node.has("schema") && node.has("payload") ? node.get("payload") : node;
    }
}
