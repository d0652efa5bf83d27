package org.haochaping.app.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Utils;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.calendar.DayCount;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.cases.TransactionRequest;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.haochaping.model.sms.SmsInboundRequest;
import org.haochaping.model.sms.SmsReplyParser;

/**
 * The cases (办件) of one demo run and what happens to each, decided up front and repeatably from the
 * seed, so the demo knows exactly what ClickHouse must show afterwards.
 *
 * <p>Cases are completed over the event-time period {@code [from, to)} (the last ten days by default).
 * Each is accepted and completed by the counter business system, most with the citizen's phone. Then:
 * rated on the counter evaluator minutes after completion (sometimes pressed twice within the spam
 * interval, sometimes with a deliberately invalid request first, sometimes later scanned and rated again by
 * QR as a duplicate); or rated by QR code later; or never rated. Of the unrated cases with a phone, those
 * whose SMS invitation time has passed are invited, and most invitations get a reply ("5", "4 办得很快",
 * "非常满意", …, some unparseable). Unrated cases whose rating window has ended get a default rating.
 *
 * <p>Two phases: the {@link #backlog()} carries event times of the simulated period, in ascending order;
 * the {@link #live()} requests (QR pages, SMS replies) get their time from the edge on arrival, so they
 * are sent after the backlog, once the invitations went out (the stream job takes ratings in the order
 * they arrive: a QR rating before a case's invitation time was passed would cancel the invitation), QR
 * first, then the SMS replies.
 *
 * <p>What the pipeline's watermark will be is never exactly known (partitions go idle at slightly
 * different moments), so the scenario keeps every deadline (invitation time, end of the rating window)
 * out of the {@link #UNCERTAIN_BEFORE} before {@code to} and the {@link #UNCERTAIN_AFTER} after it, and
 * ends with a closing burst that puts a fresh event into every Kafka partition of the ratings (one case per
 * counter) and transactions topics. Every deadline is then clearly before or clearly after the watermark.
 */
public final class DemoScenario {

    public static final String TRANSACTIONS_PATH = "/api/v1/transactions";
    public static final String TOKEN_RATINGS_PATH = "/api/v1/token-ratings";
    public static final String SMS_INBOUND_PATH = "/api/v1/sms/inbound";
    public static final String QR_PAGE_PATH = "/r/";

    /** Deadlines are kept out of this span before the end of the period. */
    static final Duration UNCERTAIN_BEFORE = Duration.ofHours(3);
    /** ... and out of this span after it (the live phase's event times are the wall clock's). */
    static final Duration UNCERTAIN_AFTER = Duration.ofHours(1);
    static final Duration CLOSING_STRETCH = Duration.ofMinutes(30);
    static final double PHONE_SHARE = 0.8;
    static final double EVALUATOR_SHARE = 0.6;
    /** of the cases whose rating window is still open */
    static final double QR_SHARE = 0.15;
    static final double SPAM_SHARE = 0.03;
    static final double QR_DUPLICATE_SHARE = 0.03;
    static final double PROMISED_SHARE = 0.2;
    /** of the open invitations */
    static final double SMS_REPLY_SHARE = 0.8;
    /** of the invited cases rated by QR: the citizen answers the SMS as well */
    static final double SMS_AFTER_QR_SHARE = 0.3;
    /** The last reply, unparseable, sent after a pause; see {@link #lastReply()}. */
    static final String LAST_REPLY = "谢谢";
    static final Duration SPAM_GAP = Duration.ofSeconds(2);
    /** parseable replies, taken in turn; the second of every {@value #UNPARSEABLE_EVERY} replies is one of {@link #UNPARSEABLE_REPLIES} */
    static final List<String> REPLIES = List.of("5", "4 办得很快", "非常满意", "不满意 等太久", "5 很好，谢谢", "3", "满意", "2 材料要求反复变化");
    static final List<String> UNPARSEABLE_REPLIES = List.of("你好", "6");
    static final int UNPARSEABLE_EVERY = 5;
    private static final String[] PHONE_PREFIXES = {"135", "136", "138", "139", "150", "158", "186", "188"};
    /** The unknown phone's prefix, never given to a case. */
    private static final String UNKNOWN_PHONE_PREFIX = "199";

    /** How a case is rated. */
    public enum Outcome {
        /** on the counter evaluator, minutes after completion */
        EVALUATOR,
        /** later, by the QR code on the receipt, posting the page's form */
        QR_FORM,
        /** later, by the QR code, through the JSON endpoint the pages use */
        QR_TOKEN,
        /** not actively (perhaps by SMS when invited and replying) */
        UNRATED
    }

    /**
     * One case and its fate.
     *
     * @param phone the citizen's mobile number, or null
     * @param invitationAt when the stream job invites by SMS if still unrated (null when invitations are off)
     * @param windowEnd when the rating window ends: a default rating then unless rated
     * @param invited the job will have issued the SMS invitation by the end of the backlog
     * @param defaulted the job will have recorded a default rating by the end of the backlog
     * @param rating the evaluator's or the QR page's rating content (null when unrated)
     * @param invalidFirst a deliberately invalid evaluator request sent before the real one, or null
     * @param smsReply the citizen's reply to the invitation, or null
     */
    public record DemoCase(long sequence, String projectNo, Population.Hall hall, Population.Counter counter,
                           Population.Clerk clerk, Population.Clerk backClerk, Population.Item item, boolean promised,
                           Instant acceptedAt, Instant completedAt, String phone, Instant invitationAt,
                           Instant windowEnd, Outcome outcome, RatingRequest rating, InvalidKind invalidFirst,
                           boolean spamPress, boolean qrDuplicate, boolean invited, boolean defaulted,
                           String smsReply) {

        public boolean hasPhone() {
            return phone != null;
        }

        /** Rated by QR: any SMS reply is a second rating of the case. */
        public boolean ratedByQr() {
            return outcome == Outcome.QR_FORM || outcome == Outcome.QR_TOKEN;
        }

        /** The reply parses to a level and the case was not rated before: it becomes an SMS rating. */
        public boolean smsRated() {
            return smsReply != null && !ratedByQr() && SmsReplyParser.parse(smsReply).ok();
        }

        /** An SMS reply to a case already rated by QR: the stream job flags it a duplicate. */
        public boolean smsDuplicate() {
            return smsReply != null && ratedByQr() && SmsReplyParser.parse(smsReply).ok();
        }

        /**
         * The level of the case's counted first rating — the evaluator's or QR rating, else the SMS reply's —
         * or 0 when the citizen gave none (unrated, or a default rating).
         */
        public int countedLevel() {
            if (rating != null) {
                return rating.level();
            }
            return smsRated() ? SmsReplyParser.parse(smsReply).level() : 0;
        }

        /** The reply cannot become a rating: a dead letter. */
        public boolean smsDeadLetter() {
            return smsReply != null && !SmsReplyParser.parse(smsReply).ok();
        }
    }

    private final String runId;
    private final Instant from;
    private final Instant to;
    private final List<DemoCase> cases;
    private final String unknownPhone;
    private final List<EdgeRequest> backlog;
    private final List<EdgeRequest> live;

    private DemoScenario(String runId, Instant from, Instant to, List<DemoCase> cases, String unknownPhone,
                         QrTokenSigner qr, Duration caseTokenTtl) {
        this.runId = runId;
        this.from = from;
        this.to = to;
        this.cases = List.copyOf(cases);
        this.unknownPhone = unknownPhone;
        this.backlog = backlogRequests();
        this.live = liveRequests(qr, caseTokenTtl);
    }

    /**
     * @param options cases, halls, period, invalid share and seed
     * @param runId every id of the run starts with it: project numbers {@code <runId>-…}
     * @param config rules (time zone, rating window, invitation delay), Kafka partitions, QR secret and token TTL
     */
    public static DemoScenario generate(Population population, DemoOptions options, String runId, HcpConfig config) {
        return new Generator(population, options, RatingGenerator.checkRunId(runId), config).generate();
    }

    public String runId() {
        return runId;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public List<DemoCase> cases() {
        return cases;
    }

    /** The simulated period's requests in ascending event time: case events and evaluator presses. */
    public List<EdgeRequest> backlog() {
        return backlog;
    }

    /** What citizens do now: QR ratings (form and JSON), QR duplicates, then the SMS replies. */
    public List<EdgeRequest> live() {
        return live;
    }

    /** The QR part of {@link #live()}: sent once the invitations went out. */
    public List<EdgeRequest> liveQr() {
        return live.stream().filter(r -> r.kind() != EdgeRequest.Kind.SMS_REPLY).toList();
    }

    /** The SMS part of {@link #live()}: sent after the QR part; then {@link #lastReply()}. */
    public List<EdgeRequest> liveSms() {
        return live.stream().filter(r -> r.kind() == EdgeRequest.Kind.SMS_REPLY).toList();
    }

    /**
     * The unknown phone's second reply, unparseable, to send after a pause of the pipeline's
     * out-of-orderness and idleness. SMS replies are matched to invitations on an event-time timer at
     * their arrival, so the replies before need a later SMS event to move the watermark past them; in
     * production the next citizen's reply does that. Being unparseable, this one needs no timer itself: it
     * is a dead letter at once.
     */
    public EdgeRequest lastReply() {
        return smsReply(runId + "-m00", unknownPhone, LAST_REPLY, live.size() + 1L);
    }

    /** A number that never got an invitation; it replies "5" and, last, {@value #LAST_REPLY} (two dead letters). */
    public String unknownPhone() {
        return unknownPhone;
    }

    /** The invitations the SMS sender must send (those whose rating window is still open): phone → project number. */
    public Map<String, String> expectedSms() {
        Map<String, String> sms = new LinkedHashMap<>();
        for (DemoCase c : cases) {
            if (c.invited() && c.windowEnd().isAfter(to)) {
                sms.put(c.phone(), c.projectNo());
            }
        }
        return sms;
    }

    /** Every phone number the run used, the unknown one included. */
    public List<String> phones() {
        List<String> phones = new ArrayList<>();
        for (DemoCase c : cases) {
            if (c.hasPhone()) {
                phones.add(c.phone());
            }
        }
        phones.add(unknownPhone);
        return phones;
    }

    /** What ClickHouse must show once both phases are processed. */
    public DemoExpectation expectation() {
        return DemoExpectation.of(this);
    }

    // ---- requests -------------------------------------------------------------------------------------

    private List<EdgeRequest> backlogRequests() {
        record Timed(Instant at, int order, EdgeRequest request) {}
        List<Timed> timed = new ArrayList<>();
        for (DemoCase c : cases) {
            long base = c.sequence() * 10;
            timed.add(new Timed(c.acceptedAt(), 0, transaction(c, "accepted", c.acceptedAt(), base)));
            timed.add(new Timed(c.completedAt(), 1, transaction(c, "completed", c.completedAt(), base + 1)));
            if (c.outcome() == Outcome.EVALUATOR) {
                Instant at = c.rating().ratedAt();
                if (c.invalidFirst() != null) {
                    RatingRequest bad = RatingGenerator.rating(runId + "-x" + c.sequence(), c.projectNo(), c.hall(),
                            c.counter(), c.clerk(), c.item(), at, c.phone(), c.invalidFirst(),
                            new SplittableRandom(c.sequence()));
                    timed.add(new Timed(at, 2, EdgeRequest.evaluator(new DemoRequest(base + 2, bad, c.invalidFirst()))));
                }
                timed.add(new Timed(at, 3, EdgeRequest.evaluator(new DemoRequest(base + 3, c.rating(), null))));
                if (c.spamPress()) {
                    RatingRequest again = withId(c.rating(), runId + "-s" + c.sequence(), at.plus(SPAM_GAP));
                    timed.add(new Timed(again.ratedAt(), 4, EdgeRequest.evaluator(new DemoRequest(base + 4, again, null),
                            EdgeRequest.Kind.SPAM_PRESS)));
                }
            }
        }
        timed.sort(Comparator.comparing(Timed::at).thenComparingLong(t -> t.request().sequence())
                .thenComparingInt(Timed::order));
        List<EdgeRequest> out = new ArrayList<>(timed.size());
        for (Timed t : timed) {
            out.add(t.request().withSequence(out.size() + 1L));
        }
        return List.copyOf(out);
    }

    private static RatingRequest withId(RatingRequest r, String ratingId, Instant ratedAt) {
        return new RatingRequest(ratingId, r.projectNo(), r.assessNumber(), r.channel(), r.level(), r.tagCodes(),
                r.comment(), r.hallId(), r.counterId(), r.clerkId(), r.deptCode(), r.itemCode(), r.areaCode(), ratedAt,
                r.raterPhone());
    }

    private EdgeRequest transaction(DemoCase c, String type, Instant at, long sequence) {
        String eventId = runId + "-" + type.charAt(0) + c.sequence();
        TransactionRequest t = new TransactionRequest(eventId, type, c.projectNo(), c.item().code(), c.item().name(),
                c.item().department().code(), c.hall().areaCode(), c.hall().id(), c.counter().id(), c.clerk().id(),
                c.backClerk() == null ? null : c.backClerk().id(), c.promised() ? "promised" : "immediate",
                c.acceptedAt(), type.equals("completed") ? c.completedAt() : null, c.phone());
        return new EdgeRequest(sequence, EdgeRequest.Kind.TRANSACTION, TRANSACTIONS_PATH, EdgeRequest.JSON,
                RatingJson.write(t), at, eventId, null);
    }

    private List<EdgeRequest> liveRequests(QrTokenSigner qr, Duration caseTokenTtl) {
        List<EdgeRequest> out = new ArrayList<>();
        for (DemoCase c : cases) {
            if (c.outcome() == Outcome.QR_FORM || c.outcome() == Outcome.QR_TOKEN) {
                out.add(qrRating(c, c.outcome() == Outcome.QR_FORM ? EdgeRequest.Kind.QR_FORM : EdgeRequest.Kind.QR_TOKEN,
                        qr, caseTokenTtl, out.size() + 1L));
            }
        }
        for (DemoCase c : cases) {
            if (c.qrDuplicate()) {
                out.add(qrRating(c, EdgeRequest.Kind.QR_DUPLICATE, qr, caseTokenTtl, out.size() + 1L));
            }
        }
        for (DemoCase c : cases) {
            if (c.smsReply() != null) {
                out.add(smsReply(runId + "-m" + c.sequence(), c.phone(), c.smsReply(), out.size() + 1L));
            }
        }
        out.add(smsReply(runId + "-m0", unknownPhone, REPLIES.get(0), out.size() + 1L));
        return List.copyOf(out);
    }

    /** The case token the receipt's QR code carries. */
    static String caseToken(DemoCase c, QrTokenSigner qr, Duration caseTokenTtl) {
        return qr.sign(QrToken.forCase(c.projectNo(), 1, c.hall().id(), c.counter().id(), c.clerk().id(),
                c.completedAt().plus(caseTokenTtl)));
    }

    /**
     * A QR rating as a phone posts it: the page's form ({@code ratingId}, {@code level}, {@code tag}*,
     * {@code comment}) to {@code /r/<token>}, or the same as JSON with the token to the token-ratings API.
     */
    private EdgeRequest qrRating(DemoCase c, EdgeRequest.Kind kind, QrTokenSigner qr, Duration ttl, long sequence) {
        String token = caseToken(c, qr, ttl);
        RatingRequest r = c.rating();
        String ratingId = runId + (kind == EdgeRequest.Kind.QR_DUPLICATE ? "-d" : "-q") + c.sequence();
        if (kind == EdgeRequest.Kind.QR_TOKEN) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", token);
            body.put("ratingId", ratingId);
            body.put("level", r.level());
            body.put("tagCodes", r.tagCodes());
            body.put("comment", r.comment() == null ? "" : r.comment());
            body.put("source", "qr");
            return new EdgeRequest(sequence, kind, TOKEN_RATINGS_PATH, EdgeRequest.JSON, RatingJson.write(body), null,
                    ratingId, null);
        }
        StringBuilder form = new StringBuilder("ratingId=").append(ratingId).append("&level=").append(r.level());
        for (String tag : r.tagCodes()) {
            form.append("&tag=").append(tag);
        }
        if (r.comment() != null) {
            form.append("&comment=").append(URLEncoder.encode(r.comment(), StandardCharsets.UTF_8));
        }
        return new EdgeRequest(sequence, kind, QR_PAGE_PATH + token, EdgeRequest.FORM,
                form.toString().getBytes(StandardCharsets.UTF_8), null, ratingId, null);
    }

    private static EdgeRequest smsReply(String messageId, String phone, String text, long sequence) {
        SmsInboundRequest reply = new SmsInboundRequest(messageId, phone, text, null);
        return new EdgeRequest(sequence, EdgeRequest.Kind.SMS_REPLY, SMS_INBOUND_PATH, EdgeRequest.JSON,
                RatingJson.write(reply), null, messageId, null);
    }

    // ---- generation -----------------------------------------------------------------------------------

    private static final class Generator {
        private final Population population;
        private final DemoOptions options;
        private final String runId;
        private final DayCount window;
        private final Duration invitationDelay;
        private final ZoneId zone;
        private final WorkingCalendar calendar = WorkingCalendar.shipped();
        private final int partitions;
        private final QrTokenSigner qr;
        private final Duration caseTokenTtl;
        private final SplittableRandom random;
        private final int phoneNonce;
        private final Instant from;
        private final Instant to;
        private final Instant settledBefore;
        private final Instant uncertainUntil;
        private int smsReplies;

        Generator(Population population, DemoOptions options, String runId, HcpConfig config) {
            this.population = Objects.requireNonNull(population, "population");
            this.options = options;
            this.runId = runId;
            this.window = config.rules().ratingWindowCount();
            this.invitationDelay = config.rules().smsInvitationDelay();
            this.zone = config.rules().timeZone();
            this.partitions = config.kafka().partitions();
            this.qr = new QrTokenSigner(config.security().qrSecret());
            this.caseTokenTtl = config.qr().caseTokenTtl();
            this.random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
            this.phoneNonce = Math.floorMod(runId.hashCode(), 1000);
            this.from = options.from();
            this.to = options.to();
            this.settledBefore = to.minus(UNCERTAIN_BEFORE);
            this.uncertainUntil = to.plus(UNCERTAIN_AFTER);
        }

        DemoScenario generate() {
            List<DemoCase> cases = new ArrayList<>();
            List<Population.Counter> counters = population.counters();
            Duration period = Duration.between(from, to);
            Duration stretch = period.dividedBy(4).compareTo(CLOSING_STRETCH) < 0 ? period.dividedBy(4) : CLOSING_STRETCH;
            Instant closingStart = to.minus(stretch);
            int regular = Math.max(0, options.cases() - counters.size());
            long span = Duration.between(from, closingStart).toMillis();
            List<Instant> completions = new ArrayList<>();
            for (int i = 0; i < regular; i++) {
                long offset = (long) Math.floor(span * ((i + random.nextDouble()) / regular));
                completions.add(settle(from.plusMillis(Math.max(0, Math.min(span - 1, offset))), closingStart));
            }
            completions.sort(Comparator.naturalOrder());
            for (Instant completed : completions) {
                Population.Clerk clerk = population.pickClerk(random.nextDouble());
                cases.add(newCase(cases.size() + 1L, clerk, completed, false));
            }
            // the closing burst: every counter completes and rates one more case, until every
            // transactions partition has had one too
            BitSet covered = new BitSet(partitions);
            long closingSpan = stretch.toMillis();
            int closing = 0;
            while (closing < counters.size() || (covered.cardinality() < partitions && closing < counters.size() + 64)) {
                Population.Counter counter = counters.get(closing % counters.size());
                Instant completed = closingStart.plusMillis(closingSpan * closing / (counters.size() + 64));
                Population.Clerk clerk = counter.clerks().get(0);
                DemoCase c = newCase(cases.size() + 1L, clerk, completed, true);
                cases.add(c);
                covered.set(partitionOf(c.projectNo()));
                closing++;
            }
            return new DemoScenario(runId, from, to, cases, unknownPhone(), qr, caseTokenTtl);
        }

        /** Kafka's default partitioner for a keyed record: murmur2 of the key's UTF-8 bytes. */
        private int partitionOf(String key) {
            return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        }

        /** Moves a completion by whole days until none of its deadlines is near the end of the period. */
        private Instant settle(Instant completed, Instant latest) {
            for (int days = 0; days <= 5; days++) {
                for (int sign : new int[] {1, -1}) {
                    Instant candidate = completed.plus(Duration.ofDays((long) sign * days));
                    if (!candidate.isBefore(from) && candidate.isBefore(latest) && !uncertain(candidate)) {
                        return candidate;
                    }
                }
            }
            return completed; // a period too short for any deadline to fall near its end
        }

        private boolean uncertain(Instant completed) {
            return near(window.endAfter(completed, zone, calendar))
                    || (!invitationDelay.isZero() && near(completed.plus(invitationDelay)));
        }

        private boolean near(Instant deadline) {
            return deadline.isAfter(settledBefore) && !deadline.isAfter(uncertainUntil);
        }

        private DemoCase newCase(long sequence, Population.Clerk clerk, Instant completed, boolean closing) {
            Population.Counter counter = population.counter(clerk.counterId());
            Population.Hall hall = population.hall(clerk.hallId());
            Population.Item item = counter.items().get(random.nextInt(counter.items().size()));
            Population.Clerk back = counter.clerks().size() > 1 && random.nextBoolean()
                    ? counter.clerks().get(counter.clerks().get(0).equals(clerk) ? 1 : 0) : null;
            boolean promised = !closing && random.nextDouble() < PROMISED_SHARE
                    && !completed.minus(Duration.ofDays(3)).isBefore(from);
            Duration took = promised ? Duration.ofMinutes(24 * 60 + random.nextInt(2 * 24 * 60))
                    : Duration.ofSeconds(300 + random.nextInt(35 * 60));
            Instant accepted = completed.minus(took).isBefore(from) ? from : completed.minus(took);
            String phone = random.nextDouble() < PHONE_SHARE ? phone(sequence) : null;
            Instant windowEnd = window.endAfter(completed, zone, calendar);
            Instant invitationAt = invitationDelay.isZero() ? null : completed.plus(invitationDelay);
            boolean windowOpen = windowEnd.isAfter(uncertainUntil);

            double u = random.nextDouble();
            Outcome outcome;
            if (closing || u < EVALUATOR_SHARE) {
                outcome = Outcome.EVALUATOR;
            } else if (windowOpen && random.nextDouble() < QR_SHARE / (1 - EVALUATOR_SHARE)) {
                outcome = random.nextBoolean() ? Outcome.QR_FORM : Outcome.QR_TOKEN;
            } else {
                outcome = Outcome.UNRATED;
            }
            String projectNo = runId + "-" + hall.areaCode() + String.format("%06d", sequence);
            RatingRequest rating = null;
            InvalidKind invalid = null;
            boolean spam = false;
            boolean qrDuplicate = false;
            if (outcome != Outcome.UNRATED) {
                Instant ratedAt = outcome == Outcome.EVALUATOR
                        ? min(completed.plusSeconds(20 + random.nextInt(160)), to) : completed;
                if (outcome == Outcome.EVALUATOR && random.nextDouble() < options.invalidShare()) {
                    invalid = InvalidKind.values()[(int) (sequence % InvalidKind.values().length)];
                }
                rating = RatingGenerator.rating(runId + "-e" + sequence, projectNo, hall, counter, clerk, item, ratedAt,
                        phone, null, random);
                spam = outcome == Outcome.EVALUATOR && !closing && random.nextDouble() < SPAM_SHARE;
                qrDuplicate = outcome == Outcome.EVALUATOR && !closing && !spam && random.nextDouble() < QR_DUPLICATE_SHARE;
            }
            // rated on the evaluator before the invitation time; QR ratings come after it (in the live phase)
            boolean invited = phone != null && outcome != Outcome.EVALUATOR && invitationAt != null
                    && !invitationAt.isAfter(settledBefore);
            boolean defaulted = outcome == Outcome.UNRATED && !windowEnd.isAfter(settledBefore);
            String reply = null;
            boolean ratedByQr = outcome == Outcome.QR_FORM || outcome == Outcome.QR_TOKEN;
            if (invited && ratedByQr && random.nextDouble() < SMS_AFTER_QR_SHARE) {
                // scanned the receipt and answers the SMS too: the edge cannot tell (the reply names no case)
                reply = REPLIES.get(0);
            } else if (invited && outcome == Outcome.UNRATED && windowOpen && random.nextDouble() < SMS_REPLY_SHARE) {
                int n = smsReplies++;
                reply = n % UNPARSEABLE_EVERY == 1
                        ? UNPARSEABLE_REPLIES.get((n / UNPARSEABLE_EVERY) % UNPARSEABLE_REPLIES.size())
                        : REPLIES.get(n % REPLIES.size());
            }
            return new DemoCase(sequence, projectNo, hall, counter, clerk, back, item, promised, accepted, completed,
                    phone, invitationAt, windowEnd, outcome, rating, invalid, spam, qrDuplicate, invited, defaulted, reply);
        }

        /** Unique within the run, and across runs unless two run ids share the nonce: prefix, nonce, sequence. */
        private String phone(long sequence) {
            return PHONE_PREFIXES[(int) (sequence % PHONE_PREFIXES.length)] + String.format("%03d%05d", phoneNonce,
                    sequence % 100_000);
        }

        private String unknownPhone() {
            return UNKNOWN_PHONE_PREFIX + String.format("%03d%05d", phoneNonce, 99_999);
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }
}
