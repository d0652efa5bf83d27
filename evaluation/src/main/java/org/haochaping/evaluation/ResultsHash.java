package org.haochaping.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * The SHA-256 (hex) of a revision's outcome: every result and audit entry as one JSON array per line, lines
 * sorted, results before audit. It is computed from the records, not from stored text, so the rows read back
 * from ClickHouse give the same hash as the ones written, whatever order they come back in; any changed,
 * missing or extra row gives another. The run id and time are not in it: two revisions with the same outcome
 * have the same hash.
 */
final class ResultsHash {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsHash() {}

    static String of(List<SubjectResult> results, List<AuditEntry> audit) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        digest(sha, "results", results.stream().map(ResultsHash::line).sorted().toList());
        digest(sha, "audit", audit.stream().map(ResultsHash::line).sorted().toList());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void digest(MessageDigest sha, String section, List<String> lines) {
        sha.update((section + "\n").getBytes(StandardCharsets.UTF_8));
        for (String line : lines) {
            sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String line(SubjectResult r) {
        List<Object> deductions = new ArrayList<>();
        for (ScoreResult.Deduction d : r.deductions()) {
            deductions.add(Arrays.asList(d.reason(), d.count(), d.points()));
        }
        return json(Arrays.asList(r.type().wireName(), r.subjectId(), r.subjectName(), r.hallId(), r.counterId(),
                new TreeMap<>(r.ratingsByChannel()), r.levels(), r.activeRatings(), r.defaultRatings(),
                r.countedRatings(), r.excludedRatings(), r.rawScore(), r.adjustedScore(), deductions, r.finalScore(),
                r.ranked(), r.rank(), r.grade(), r.payCoefficient(), r.redFlag(), r.explanation()));
    }

    private static String line(AuditEntry a) {
        return json(Arrays.asList(a.ratingId(), a.flag().wireName(), a.detail(), a.hallId(), a.counterId(),
                a.clerkId(), a.channel(), a.level(), a.isDefault(), a.ratedAt().toEpochMilli(),
                a.raterPhoneMasked(), a.deviceId()));
    }

    private static String json(List<Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialise", e);
        }
    }
}
