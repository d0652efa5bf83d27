package org.haochaping.app.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.haochaping.model.Channel;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.TagCatalogue;

/**
 * The requests of one demo run, generated lazily and repeatably (each {@link #iterator()} starts over and
 * yields the same requests): {@code count} ratings spread evenly, with a little jitter, over the
 * event-time period {@code [from, to)} in ascending order of {@code ratedAt}, the clerk chosen by traffic
 * share and the level from the clerk's mix. 差评 always carry one or two tags of their level and
 * sometimes a comment; good ratings sometimes a tag. About {@code invalidShare} of the requests are
 * deliberately invalid, the kinds taken in turn so that every kind appears once there are five.
 */
public final class RatingGenerator implements Iterable<DemoRequest> {

    /** Run ids: what rating ids allow, minus '_' (a LIKE wildcard), short enough for the sequence. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9.:-]{1,40}");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter PROJECT_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.of("Asia/Shanghai"));
    private static final InvalidKind[] KINDS = InvalidKind.values();
    private static final TagCatalogue TAGS = TagCatalogue.national();

    static final double PHONE_SHARE = 0.30;
    static final double BAD_COMMENT_SHARE = 0.40;
    static final double GOOD_TAG_SHARE = 0.30;
    static final double GOOD_COMMENT_SHARE = 0.05;

    private static final List<String> BAD_COMMENTS = List.of(
            "等待时间太长", "材料要求反复变化", "窗口人员态度冷淡", "跑了好几趟才办成", "叫号系统混乱",
            "超出承诺时限还没办结", "政策解释不清楚", "系统故障无法办理", "要求提交重复证明材料");
    private static final List<String> MIDDLE_COMMENTS = List.of("还可以，排队有点久", "办成了，但流程有点繁琐");
    private static final List<String> GOOD_COMMENTS = List.of(
            "服务很热情，点赞", "办事效率高", "一次就办好了", "工作人员很耐心", "指引很清楚");
    /** 差评 tags raters tick more often than the others (weight 1), so the top-tag list tells a story. */
    private static final Map<String, Integer> COMMON_BAD_TAGS = Map.of(
            "214", 5, "209", 4, "213", 3, "210", 2, "115", 5, "113", 4, "110", 3, "109", 2);
    private static final String[] PHONE_PREFIXES = {
            "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
            "155", "156", "157", "158", "159", "166", "172", "176", "177", "178", "180", "181", "182", "183", "185",
            "186", "187", "188", "189", "191", "198", "199"};

    private final Population population;
    private final String runId;
    private final int count;
    private final Instant from;
    private final Instant to;
    private final double invalidShare;
    private final long seed;
    private final String projectToken;

    /**
     * @param runId ASCII letters, digits, '.', ':' or '-', at most 40 characters; rating ids are
     *              {@code <runId>-<n>}
     * @param count requests, deliberately invalid ones included
     * @param from first event time (inclusive)
     * @param to end of the event times (exclusive)
     * @param invalidShare 0..0.5
     */
    public RatingGenerator(Population population, String runId, int count, Instant from, Instant to,
                           double invalidShare, long seed) {
        this.population = Objects.requireNonNull(population, "population");
        this.runId = checkRunId(runId);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("empty period: " + from + " to " + to);
        }
        if (!(invalidShare >= 0 && invalidShare <= 0.5)) {
            throw new IllegalArgumentException("invalidShare must be 0..0.5, got " + invalidShare);
        }
        this.count = count;
        this.from = from;
        this.to = to;
        this.invalidShare = invalidShare;
        this.seed = seed;
        this.projectToken = String.format("%06X", runId.hashCode() & 0xFFFFFF);
    }

    public static RatingGenerator create(Population population, DemoOptions options, String runId) {
        return new RatingGenerator(population, runId, options.cases(), options.from(), options.to(),
                options.invalidShare(), options.seed());
    }

    /** A fresh run id such as {@code demo-20261121T221500-3fa2}: the UTC start time and a random suffix. */
    public static String newRunId(Clock clock) {
        return "demo-" + RUN_TIME.format(clock.instant())
                + String.format("-%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** @throws IllegalArgumentException unless the run id is usable in rating ids and LIKE patterns */
    public static String checkRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-40 ASCII letters, digits, '.', ':' or '-', got " + runId);
        }
        return runId;
    }

    public Population population() {
        return population;
    }

    public String runId() {
        return runId;
    }

    public int count() {
        return count;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public List<DemoRequest> toList() {
        List<DemoRequest> all = new ArrayList<>(count);
        forEach(all::add);
        return all;
    }

    @Override
    public Iterator<DemoRequest> iterator() {
        return new Iterator<>() {
            private final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
            private int index;
            private int invalidCount;
            private long lastMillis = Long.MIN_VALUE;

            @Override
            public boolean hasNext() {
                return index < count;
            }

            @Override
            public DemoRequest next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long millis = ratedAtMillis(index, random.nextDouble());
                lastMillis = Math.max(lastMillis, millis);
                InvalidKind invalid = null;
                if (random.nextDouble() < invalidShare) {
                    invalid = KINDS[invalidCount++ % KINDS.length];
                }
                DemoRequest request = build(index + 1L, Instant.ofEpochMilli(lastMillis), invalid, random);
                index++;
                return request;
            }
        };
    }

    /** Slot i of count over [from, to), shifted by the jitter u ∈ [0, 1) inside its slot. */
    private long ratedAtMillis(int i, double u) {
        long start = from.toEpochMilli();
        long span = to.toEpochMilli() - start;
        long offset = (long) Math.floor(span * ((i + u) / count));
        return start + Math.max(0, Math.min(span - 1, offset));
    }

    private DemoRequest build(long sequence, Instant ratedAt, InvalidKind invalid, SplittableRandom random) {
        Population.Clerk clerk = population.pickClerk(random.nextDouble());
        Population.Counter counter = population.counter(clerk.counterId());
        Population.Hall hall = population.hall(clerk.hallId());
        Population.Item item = counter.items().get(random.nextInt(counter.items().size()));
        String projectNo = hall.areaCode() + PROJECT_DATE.format(ratedAt) + projectToken + String.format("%07d", sequence);
        String phone = random.nextDouble() < PHONE_SHARE ? phone(random) : null;
        RatingRequest request = rating(runId + "-" + sequence, projectNo, hall, counter, clerk, item, ratedAt, phone,
                invalid, random);
        return new DemoRequest(sequence, request, invalid);
    }

    /**
     * One evaluator rating of a case: the level from the clerk's mix; 差评 always with one or two tags of
     * their level and sometimes a comment, good ratings sometimes a tag or comment; for a deliberately
     * invalid request, the flaw of its kind.
     */
    static RatingRequest rating(String ratingId, String projectNo, Population.Hall hall, Population.Counter counter,
                         Population.Clerk clerk, Population.Item item, Instant ratedAt, String phone,
                         InvalidKind invalid, SplittableRandom random) {
        int level = clerk.mix().draw(random.nextDouble());
        List<String> tagCodes = new ArrayList<>();
        String comment = null;
        if (level <= 2) {
            List<TagCatalogue.Tag> ofLevel = TAGS.tagsOf(level);
            int n = random.nextDouble() < 0.35 ? 2 : 1;
            while (tagCodes.size() < n) {
                String code = weightedBadTag(ofLevel, random);
                if (!tagCodes.contains(code)) {
                    tagCodes.add(code);
                }
            }
            if (random.nextDouble() < BAD_COMMENT_SHARE) {
                comment = pick(BAD_COMMENTS, random);
            }
        } else {
            if (random.nextDouble() < GOOD_TAG_SHARE) {
                List<TagCatalogue.Tag> ofLevel = TAGS.tagsOf(level);
                tagCodes.add(ofLevel.get(random.nextInt(ofLevel.size())).code());
            }
            if (random.nextDouble() < GOOD_COMMENT_SHARE) {
                comment = pick(level == 3 ? MIDDLE_COMMENTS : GOOD_COMMENTS, random);
            }
        }

        if (invalid == InvalidKind.LEVEL_OUT_OF_RANGE) {
            level = 7;
            tagCodes.clear();
            comment = null;
        } else if (invalid == InvalidKind.TAG_OF_OTHER_LEVEL) {
            List<TagCatalogue.Tag> other = TAGS.tagsOf(level <= 2 ? 5 : 1);
            tagCodes.clear();
            tagCodes.add(other.get(random.nextInt(other.size())).code());
            comment = null;
        } else if (invalid == InvalidKind.BAD_RATING_WITHOUT_DETAIL) {
            level = random.nextBoolean() ? 1 : 2;
            tagCodes.clear();
            comment = null;
        }
        return new RatingRequest(ratingId, projectNo, 1, Channel.EVALUATOR.wireName(),
                level, List.copyOf(tagCodes), comment, hall.id(), counter.id(), clerk.id(),
                item.department().code(), item.code(), hall.areaCode(), ratedAt, phone);
    }

    private static String weightedBadTag(List<TagCatalogue.Tag> ofLevel, SplittableRandom random) {
        int total = 0;
        for (TagCatalogue.Tag tag : ofLevel) {
            total += COMMON_BAD_TAGS.getOrDefault(tag.code(), 1);
        }
        int at = random.nextInt(total);
        for (TagCatalogue.Tag tag : ofLevel) {
            at -= COMMON_BAD_TAGS.getOrDefault(tag.code(), 1);
            if (at < 0) {
                return tag.code();
            }
        }
        return ofLevel.get(ofLevel.size() - 1).code();
    }

    private static String pick(List<String> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }

    static String phone(SplittableRandom random) {
        return PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)] + String.format("%08d", random.nextInt(100_000_000));
    }
}
