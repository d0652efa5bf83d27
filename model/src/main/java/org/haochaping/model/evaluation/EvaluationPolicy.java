package org.haochaping.model.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The monthly evaluation policy (考核办法), read from a versioned YAML file. Every result records the
 * policy's {@link #contentHash}, so a score can always be traced to the exact rules that produced it.
 *
 * @param version the hall's name for this edition of the rules, e.g. {@code 2026-10}
 * @param points points per level 1..5 on the 10-point scale (10/8/6/3/0); scores are reported ×10 (100-point)
 * @param countDefaults whether default ratings count in clerk scores (by default they are shown apart only)
 * @param priorStrength how many ratings' weight the hall mean gets in the small-sample correction
 * @param minActiveRatings fewer active ratings than this: scored and explained, but not ranked or graded
 * @param deductions points off the 100-point score per incident
 * @param grades bands from the best down, each with its lowest score; the last should start at 0
 * @param redFlagCounters how many best counters of the month are 红旗窗口
 * @param unrankedPayCoefficient the coefficient of someone with too few active ratings to be graded
 * @param contentHash SHA-256 (hex) of the file's bytes; set by {@link #parse}
 */
public record EvaluationPolicy(String version, Map<Integer, Double> points, boolean countDefaults,
                               double priorStrength, int minActiveRatings, Deductions deductions,
                               List<Grade> grades, int redFlagCounters, double unrankedPayCoefficient,
                               String contentHash) {

    /**
     * @param perBadRating each 差评 not overturned on appeal
     * @param perOverdueRectification each work order rectified late or not at all by its deadline
     * @param perMissedFollowUp each work order whose follow-up was never made by its deadline
     */
    public record Deductions(double perBadRating, double perOverdueRectification, double perMissedFollowUp) {}

    /** @param payCoefficient 绩效工资 coefficient of this grade, e.g. 1.2 */
    public record Grade(String name, double minScore, double payCoefficient) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads and checks a policy; every problem names its key. */
    public static EvaluationPolicy parse(byte[] yaml) {
        EvaluationPolicy read;
        try {
            read = YAML.readValue(yaml, EvaluationPolicy.class);
        } catch (MismatchedInputException e) {
            String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : String.valueOf(r.getIndex())).reduce((a, b) -> a + "." + b).orElse("(file)");
            throw new IllegalArgumentException("evaluation policy: '" + key + "' " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("evaluation policy unreadable: " + e.getMessage(), e);
        }
        EvaluationPolicy policy = new EvaluationPolicy(read.version, read.points, read.countDefaults,
                read.priorStrength, read.minActiveRatings, read.deductions, read.grades, read.redFlagCounters,
                read.unrankedPayCoefficient, sha256(yaml));
        if (read.contentHash != null) {
            throw new IllegalArgumentException("evaluation policy: 'contentHash' is computed from the file, not written in it");
        }
        policy.check();
        return policy;
    }

    public static EvaluationPolicy parse(String yaml) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Points of a level on the 10-point scale. */
    public double pointsOf(int level) {
        return points.get(level);
    }

    /** The band a score falls in: the first, from the best, whose lowest score it reaches. */
    public Grade gradeOf(double score) {
        for (Grade g : grades) {
            if (score >= g.minScore()) {
                return g;
            }
        }
        return grades.get(grades.size() - 1);
    }

    private void check() {
        List<String> problems = new ArrayList<>();
        if (version == null || version.isBlank()) {
            problems.add("'version' is required");
        }
        for (int level = 1; level <= 5; level++) {
            Double p = points == null ? null : points.get(level);
            if (p == null || p < 0 || p > 10) {
                problems.add("'points." + level + "' must be between 0 and 10");
            }
        }
        if (priorStrength < 0) {
            problems.add("'priorStrength' must not be negative");
        }
        if (minActiveRatings < 0) {
            problems.add("'minActiveRatings' must not be negative");
        }
        if (deductions == null || deductions.perBadRating() < 0 || deductions.perOverdueRectification() < 0
                || deductions.perMissedFollowUp() < 0) {
            problems.add("'deductions' needs perBadRating, perOverdueRectification and perMissedFollowUp, none negative");
        }
        if (grades == null || grades.isEmpty()) {
            problems.add("'grades' needs at least one band");
        } else {
            for (int i = 1; i < grades.size(); i++) {
                if (grades.get(i).minScore() >= grades.get(i - 1).minScore()) {
                    problems.add("'grades' must go from the best band down: " + grades.get(i).name()
                            + " starts at or above " + grades.get(i - 1).name());
                }
            }
            if (grades.get(grades.size() - 1).minScore() > 0) {
                problems.add("'grades': the last band must start at 0 so every score has a grade");
            }
        }
        if (unrankedPayCoefficient < 0) {
            problems.add("'unrankedPayCoefficient' must not be negative");
        }
        if (redFlagCounters < 0) {
            problems.add("'redFlagCounters' must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("evaluation policy: " + String.join("; ", problems));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
