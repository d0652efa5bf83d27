package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.time.Duration;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.config.HcpConfig.ValidationLimits;

/** What the rating pipeline's operators need from {@link HcpConfig}, in a form Flink can ship to tasks. */
public record PipelineSettings(
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration earlyFiring,
        Duration dedupRetention,
        Duration clockSkew,
        Duration maxAge,
        int maxCommentChars,
        int maxTags,
        int[] pointsByLevel) implements Serializable {

    public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    public static PipelineSettings from(HcpConfig config) {
        HcpConfig.Flink f = config.flink();
        int[] points = new int[6];
        for (int level = 1; level <= 5; level++) {
            points[level] = config.scoring().pointsOf(level);
        }
        return new PipelineSettings(ONE_MINUTE, f.outOfOrderness(), f.idleness(), f.allowedLateness(),
                f.earlyFiring(), f.dedupRetention(), config.validation().clockSkew(), config.validation().maxAge(),
                config.validation().maxCommentChars(), config.validation().maxTags(), points);
    }

    public ValidationLimits validationLimits() {
        return new ValidationLimits(clockSkew, maxAge, maxCommentChars, maxTags);
    }

    public int pointsOf(int level) {
        return pointsByLevel[level];
    }
}
