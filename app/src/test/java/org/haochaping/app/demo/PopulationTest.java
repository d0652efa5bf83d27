package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.haochaping.app.demo.Population.Clerk;
import org.haochaping.app.demo.Population.LevelMix;
import org.haochaping.app.demo.Population.Quality;
import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void isDeterministicForASeed() {
        Population a = Population.generate(3, 6, 42);
        Population b = Population.generate(3, 6, 42);
        assertThat(a.halls()).isEqualTo(b.halls());
        assertThat(a.clerkNames()).isEqualTo(b.clerkNames());
        assertThat(Population.generate(3, 6, 43).clerks()).isNotEqualTo(a.clerks());
    }

    @Test
    void hasTheConfiguredSizesAndAsciiIds() {
        Population p = Population.generate(4, 7, 1);
        assertThat(p.halls()).hasSize(4);
        assertThat(p.halls()).allSatisfy(h -> assertThat(h.counters()).hasSize(7));
        assertThat(p.counters()).hasSize(28);
        assertThat(p.counters()).allSatisfy(c -> assertThat(c.clerks()).hasSizeBetween(1, 2));
        assertThat(p.clerks()).hasSizeBetween(28, 56);

        assertThat(p.hallNames()).containsKeys("hall-01", "hall-04").containsEntry("hall-01", "市民中心");
        assertThat(p.hallNames()).hasSize(4);
        assertThat(p.counterNames()).hasSize(28).containsKey("hall-02-c07");
        assertThat(p.counterNames().get("hall-01-c01")).endsWith("1号窗口").startsWith("综合受理");
        assertThat(p.clerkNames()).hasSize(p.clerks().size());
        assertThat(p.clerks()).allSatisfy(c -> {
            assertThat(c.id()).matches("clerk-\\d{4}");
            assertThat(c.id().substring(6, 8)).isEqualTo(c.hallId().substring(5));
            assertThat(c.counterId()).startsWith(c.hallId() + "-c");
            assertThat(c.name()).matches("\\p{IsHan}{2,3}\\d*");
        });
        assertThat(new HashSet<>(p.clerkNames().values())).as("clerk names are unique").hasSize(p.clerks().size());
        assertThat(p.counters()).allSatisfy(c -> {
            assertThat(c.id()).matches("hall-\\d{2}-c\\d{2}");
            assertThat(c.items()).isNotEmpty().allSatisfy(item -> {
                assertThat(item.code()).matches("[0-9A-Z-]{1,64}");
                assertThat(item.department().code()).hasSize(18);
                assertThat(item.department().code().charAt(17))
                        .isEqualTo(Population.usccCheck(item.department().code().substring(0, 17)));
            });
        });
        assertThat(p.halls()).allSatisfy(h -> assertThat(h.areaCode()).matches("\\d{6}|\\d{9}"));
        assertThat(p.clerks().stream().mapToDouble(Clerk::traffic).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void mostClerksAreGoodAFewWorseAndAFewBetter() {
        Population p = Population.generate(3, 6, DemoOptions.DEFAULT_SEED);
        List<Clerk> clerks = p.clerks();
        assertThat(clerks).filteredOn(c -> c.quality() == Quality.POOR).isNotEmpty();
        assertThat(clerks).filteredOn(c -> c.quality() == Quality.EXCELLENT).isNotEmpty();
        assertThat(clerks.stream().filter(c -> c.quality() == Quality.GOOD).count()).isGreaterThan(clerks.size() / 2);
        double worstGood = clerks.stream().filter(c -> c.quality() == Quality.GOOD).mapToDouble(c -> c.mix().badShare()).max().orElseThrow();
        double bestGood = clerks.stream().filter(c -> c.quality() == Quality.GOOD).mapToDouble(c -> c.mix().badShare()).min().orElseThrow();
        assertThat(clerks).filteredOn(c -> c.quality() == Quality.POOR)
                .allSatisfy(c -> assertThat(c.mix().badShare()).isGreaterThan(worstGood * 1.5));
        assertThat(clerks).filteredOn(c -> c.quality() == Quality.EXCELLENT)
                .allSatisfy(c -> assertThat(c.mix().badShare()).isLessThan(bestGood));
    }

    @Test
    void expectedMixIsTheTarget() {
        for (long seed : new long[] {1, 2, 3, DemoOptions.DEFAULT_SEED}) {
            LevelMix mix = Population.generate(3, 6, seed).expectedMix();
            for (int level = 1; level <= 5; level++) {
                assertThat(mix.share(level)).isCloseTo(LevelMix.TARGET.share(level), within(1e-9));
            }
        }
    }

    @Test
    void levelMixOf20000GeneratedRatingsIsCloseToTheTarget() {
        Population p = Population.generate(3, 6, DemoOptions.DEFAULT_SEED);
        Instant to = Instant.parse("2026-11-21T10:00:00Z");
        RatingGenerator generator = new RatingGenerator(p, "mix", 20_000, to.minusSeconds(8 * 3600), to, 0.005, 7);
        long[] counts = new long[6];
        long valid = 0;
        for (DemoRequest r : generator) {
            if (r.isValid()) {
                counts[r.request().level()]++;
                valid++;
            }
        }
        for (int level = 1; level <= 5; level++) {
            double share = (double) counts[level] / valid;
            assertThat(share).as("share of level %d", level).isCloseTo(LevelMix.TARGET.share(level), within(0.015));
        }
    }

    @Test
    void levelMixDrawCoversAllLevels() {
        LevelMix mix = LevelMix.TARGET;
        assertThat(mix.draw(0.0)).isEqualTo(1);
        assertThat(mix.draw(0.0099)).isEqualTo(1);
        assertThat(mix.draw(0.02)).isEqualTo(2);
        assertThat(mix.draw(0.05)).isEqualTo(3);
        assertThat(mix.draw(0.10)).isEqualTo(4);
        assertThat(mix.draw(0.20)).isEqualTo(5);
        assertThat(mix.draw(0.999999)).isEqualTo(5);
        assertThatThrownBy(() -> new LevelMix(0.5, 0.5, 0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pickClerkFollowsTraffic() {
        Population p = Population.generate(2, 3, 5);
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            picked.add(p.pickClerk(i / 1000.0).id());
        }
        assertThat(picked).hasSize(p.clerks().size());
        assertThat(p.pickClerk(0).id()).isEqualTo(p.clerks().get(0).id());
        assertThat(p.pickClerk(0.9999999).id()).isEqualTo(p.clerks().get(p.clerks().size() - 1).id());
    }

    @Test
    void manyHallsKeepDistinctIdsAndNames() {
        Population p = Population.generate(30, 2, 9);
        assertThat(new HashSet<>(p.hallNames().values())).hasSize(30);
        assertThat(p.hallNames()).containsKey("hall-30");
        assertThatThrownBy(() -> Population.generate(100, 2, 9)).isInstanceOf(IllegalArgumentException.class);
    }
}
