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
 * @param gradeBy {@code score}: a grade is reached by its {@code minScore}; {@code quota}: by rank, the best
 *     {@code quotaPercent} of the ranked get the first grade, the next share the second, and so on (shares
 *     are floored, so a quota is never exceeded; the last grade takes the rest)
 * @param grades bands from the best down, each with its lowest score (by score) or share (by quota)
 * @param fairness which ratings the evaluation leaves out besides the stream job's flags and upheld appeals
 * @param redFlagCounters how many best counters of the month are 红旗窗口
 * @param unrankedPayCoefficient the coefficient of someone with too few active ratings to be graded
 * @param contentHash SHA-256 (hex) of the file's bytes; set by {@link #parse}
 * @param yaml the file's text, stored with every run so the rules can be read back; set by {@link #parse}
 */
public record EvaluationPolicy(String version, Map<Integer, Double> points, boolean countDefaults,
                               double priorStrength, int minActiveRatings, Deductions deductions,
                               GradeBy gradeBy, List<Grade> grades, Fairness fairness, int redFlagCounters,
                               double unrankedPayCoefficient, String contentHash, String yaml) {

    /**
     * @param perBadRating each 差评 not overturned on appeal
     * @param perOverdueRectification each work order rectified late or not at all by its deadline
     * @param perMissedFollowUp each work order whose follow-up was never made by its deadline
     */
    public record Deductions(double perBadRating, double perOverdueRectification, double perMissedFollowUp) {}

    /**
     * @param minScore the lowest final score of the band (gradeBy score)
     * @param quotaPercent the band's share of the ranked, 0..100 (gradeBy quota; ignored by score)
     * @param payCoefficient 绩效工资 coefficient of this grade, e.g. 1.2
     */
    public record Grade(String name, double minScore, Double quotaPercent, double payCoefficient) {}

    /** How grades are given: by score thresholds or by rank quotas. */
    public enum GradeBy {
        score, quota
    }

    /**
     * @param selfRatings leave out a rating whose rater's phone hash equals the rated clerk's registered one
     * @param raterBurstMax one rater (phone hash) may give at most this many ratings …
     * @param raterBurstMinutes … within any this many minutes; the further ones are left out
     * @param deviceBurstMax one device may record at most this many ratings for one counter …
     * @param deviceBurstMinutes … within any this many minutes; the further ones are left out
     */
    public record Fairness(boolean selfRatings, int raterBurstMax, int raterBurstMinutes, int deviceBurstMax,
                           int deviceBurstMinutes) {}

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
                read.priorStrength, read.minActiveRatings, read.deductions,
                read.gradeBy == null ? GradeBy.score : read.gradeBy, read.grades, read.fairness, read.redFlagCounters,
                read.unrankedPayCoefficient, sha256(yaml), new String(yaml, StandardCharsets.UTF_8));
        if (read.contentHash != null || read.yaml != null) {
            throw new IllegalArgumentException("evaluation policy: 'contentHash' is computed from the file, not written in it");
        }
        policy.check();
        return policy;
    }

    /** The policy that ships with haochaping ({@code default-policy.yaml} next to this class). */
    public static EvaluationPolicy builtIn() {
        try (java.io.InputStream in = EvaluationPolicy.class.getResourceAsStream("default-policy.yaml")) {
            if (in == null) {
                throw new IllegalStateException("default-policy.yaml is missing from the classpath");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("default-policy.yaml unreadable", e);
        }
    }

    /** The file's policy, or the built-in one when {@code file} is blank. */
    public static EvaluationPolicy load(String file) {
        if (file == null || file.isBlank()) {
            return builtIn();
        }
        try {
            return parse(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("evaluation policy '" + file + "' unreadable: " + e.getMessage(), e);
        }
    }

    public static EvaluationPolicy parse(String yaml) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Points of a level on the 10-point scale. */
    public double pointsOf(int level) {
        return points.get(level);
    }

    /** By score: the band a score falls in, the first from the best whose lowest score it reaches. */
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
        } else if (gradeBy == GradeBy.quota) {
            double total = 0;
            for (int i = 0; i < grades.size(); i++) {
                Double q = grades.get(i).quotaPercent();
                if (i < grades.size() - 1 && (q == null || q < 0 || q > 100)) {
                    problems.add("'grades." + i + ".quotaPercent' must be between 0 and 100 when gradeBy is quota");
                } else if (q != null) {
                    total += q;
                }
            }
            if (total > 100.0000001) {
                problems.add("'grades': the quotas add up to more than 100%");
            }
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
        if (fairness == null) {
            problems.add("'fairness' needs selfRatings, raterBurstMax, raterBurstMinutes, deviceBurstMax and deviceBurstMinutes");
        } else if (fairness.raterBurstMax() < 1 || fairness.raterBurstMinutes() < 1 || fairness.deviceBurstMax() < 1
                || fairness.deviceBurstMinutes() < 1) {
            problems.add("'fairness': burst limits and their minutes must be at least 1");
        }
        for (Grade g : grades == null ? List.<Grade>of() : grades) {
            if (g.name() == null || g.name().isBlank() || g.payCoefficient() < 0) {
                problems.add("'grades': every band needs a name and a payCoefficient not below 0");
                break;
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
