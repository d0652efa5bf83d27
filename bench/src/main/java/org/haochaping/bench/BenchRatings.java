package org.haochaping.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import org.haochaping.app.demo.DemoRequest;
import org.haochaping.app.demo.Population;
import org.haochaping.app.demo.RatingGenerator;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.config.HcpConfig;

/**
 * The N ratings of a bench run, repeatable (every {@link #iterator()} yields the same ratings): the demo's
 * synthetic population ({@value #HALLS} halls × {@value #COUNTERS_PER_HALL} counters = 200 counters, 1-2
 * clerks each) and its generator (clerk by traffic share, level from the clerk's mix, 差评 with tags),
 * spread with ascending event times over {@code span}, turned into the records the edge would publish:
 * phone hashed and masked, received 0.1-3 s after the rating, every one valid.
 */
public final class BenchRatings implements Iterable<Rating> {

    static final int HALLS = 8;
    static final int COUNTERS_PER_HALL = 25;
    /** Each counter has its own evaluator, as in a hall: {@code evaluator-hall-01-c01} (see {@link #deviceOf}). */
    static final String DEVICE_PREFIX = "evaluator-";
    /** A Monday, 08:30 in Beijing: fixed, so two runs store the same rows. */
    static final Instant START = Instant.parse("2026-11-16T00:30:00Z");

    private final Population population;
    private final RatingGenerator generator;
    private final PhoneProtector phones;
    private final RatingValidator validator;

    public BenchRatings(int count, Duration span, long seed, HcpConfig config) {
        this.population = Population.generate(HALLS, COUNTERS_PER_HALL, seed);
        this.generator = new RatingGenerator(population, "bench", count, START, START.plus(span), 0.0, seed);
        this.phones = new PhoneProtector(config.security().phoneHashKey());
        this.validator = new RatingValidator(config.validation(), TagCatalogue.national());
    }

    public int counters() {
        return population.counters().size();
    }

    public int clerks() {
        return population.clerks().size();
    }

    public int halls() {
        return population.halls().size();
    }

    public Instant from() {
        return generator.from();
    }

    public Instant to() {
        return generator.to();
    }

    /** The Kafka key the edge uses (so the bench partitions like production). */
    public static String key(Rating r) {
        return r.hallId() + "/" + r.counterId();
    }

    /**
     * The evaluator device of a counter. One device per counter, not one for all: the spam flag is keyed by device,
     * and a single bench-wide device would funnel every rating through one of its subtasks.
     */
    static String deviceOf(String counterId) {
        return DEVICE_PREFIX + counterId;
    }

    @Override
    public Iterator<Rating> iterator() {
        Iterator<DemoRequest> requests = generator.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return requests.hasNext();
            }

            @Override
            public Rating next() {
                DemoRequest d = requests.next();
                Instant ratedAt = d.request().ratedAt();
                Instant receivedAt = ratedAt.plusMillis(100 + (d.sequence() * 7919) % 2900);
                try {
                    Rating r = d.request().toRating(Channel.EVALUATOR, deviceOf(d.request().counterId()), receivedAt,
                            phones);
                    validator.check(r, receivedAt);
                    return r;
                } catch (InvalidRatingException e) {
                    throw new IllegalStateException("the bench generated an invalid rating #" + d.sequence() + ": "
                            + e.getMessage());
                }
            }
        };
    }
}
