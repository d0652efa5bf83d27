package org.haochaping.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;
import static org.haochaping.evaluation.EvaluationFixture.NOVEMBER;
import static org.haochaping.evaluation.EvaluationFixture.OCTOBER;
import static org.haochaping.evaluation.EvaluationFixture.SEPTEMBER;
import static org.haochaping.evaluation.EvaluationFixture.ZONE;
import static org.haochaping.evaluation.EvaluationFixture.local;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haochaping.clickhouse.ChdbStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.evaluation.EvaluationFixture.TestClock;
import org.haochaping.model.evaluation.ScoreResult.Deduction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly evaluation over chDB on {@link EvaluationFixture#october}, under
 * {@link EvaluationFixture#POLICY_YAML} (points 10/8/6/3/0, prior strength k = 10, 3 active ratings to be
 * ranked, deductions 1 per 差评 / 2 per overdue rectification / 1 per missed follow-up, grades 优秀 ≥ 88 (1.2),
 * 良好 ≥ 85 (1.1), 合格 ≥ 70 (1.0), 不合格 (0.8)). Adjusted = 10 × (points + k × hallMean) / (n + k), rounded
 * half-up to 2 decimals; every number below is worked out by hand from the fixture.
 *
 * <pre>
 * October, clerks (counted = active; defaults shown apart):
 *   H1: K1 3 ratings, 30 points; K2 8 ratings, 6×10 + 2×8 = 76 (9.5 average); K3 7 ratings (k3-self left out),
 *       10+10+8+3+0+6+6 = 43; K6 none.  hallMean = 149 / 18 = 8.2778, k × mean = 1490/18 = 82.7778
 *     K2: 10 × (76 + 82.7778) / 18 = 88.2099 → 88.21, rank 1, 优秀 1.2
 *     K1: 10 × (30 + 82.7778) / 13 = 86.7521 → 86.75, rank 2, 良好 1.1 (3 perfect ratings stay below K2)
 *     K3: 10 × (43 + 82.7778) / 17 = 73.9869 → 73.99; raw 430/7 = 61.43; less 2 差评 × 1, 1 overdue
 *         rectification × 2 (WO-2; WO-4 voided, WO-5 due in November), 1 missed follow-up × 1 (WO-3) = 5
 *         → 68.99, rank 3, 不合格 0.8
 *     K6: 10 × 82.7778 / 10 = 82.78; less 1 missed follow-up (WO-6) → 81.78; no active ratings: unranked, 1.0
 *   H2: K4 5 ratings (k4-b2 left out), 10+10+10+6+8 = 44; K5 6 ratings (d3, e2, e3 left out), 4×8 + 2×10 = 52.
 *       hallMean = 96 / 11, k × mean = 960/11 = 87.2727
 *     K4: 10 × (44 + 87.2727) / 15 = 87.5152 → 87.52, raw 88, rank 1, 良好 1.1
 *     K5: 10 × (52 + 87.2727) / 16 = 87.0455 → 87.05, raw 520/6 = 86.67, rank 2, 良好 1.1
 * October, counters (same ratings by counter; the hall means are the same):
 *   C1: K1's 3 + K2's 7 at C1 = 30 + 6×10 + 8 = 98 over 10; 10 × (98 + 82.7778) / 20 = 90.3889 → 90.39 (红旗)
 *   C2: K3's 7 + k2-8 = 43 + 8 = 51 over 8; 10 × (51 + 82.7778) / 18 = 74.3210 → 74.32; raw 63.75; less
 *       2 差评, 1 overdue rectification (2), 2 missed follow-ups (WO-3, WO-6) = 6 → 68.32
 *   C3, C4: as K4 and K5; C3 is H2's 红旗窗口.
 * </pre>
 */
class EvaluationServiceITCase {

    private static final Instant NOV_1_10H = local("2026-11-01T10:00");

    private ChdbStore store;
    private TestClock clock;
    private EvaluationFixture fixture;
    private EvaluationService service;

    @BeforeEach
    void setUp() {
        store = EmbeddedTestStore.truncateAll();
        clock = new TestClock(NOV_1_10H);
        fixture = EvaluationFixture.october(store, clock);
        service = new EvaluationService(store, () -> EvaluationFixture.POLICY, ZONE, clock);
    }

    @Test
    void aDeviceBurstCountsPerCounterOnTheHallsOwnTerminalsOnly() {
        // December: one self-service kiosk records ratings for C1 and C2 alternately, one a minute; at most 3 per
        // 10 minutes per device and counter. C1 gets 10:00, 10:02, 10:04, 10:05: only 10:05 has 3 before it
        // within 10 minutes at C1; C2's 10:01 and 10:03 are 2. Six ratings in 6 minutes on one device are no burst.
        String[][] presses = {{"10:00", "C1", "K1"}, {"10:01", "C2", "K3"}, {"10:02", "C1", "K1"}, {"10:03", "C2", "K3"},
                {"10:04", "C1", "K1"}, {"10:05", "C1", "K1"}};
        for (int i = 0; i < presses.length; i++) {
            fixture.rating("kiosk-" + i, "H1", presses[i][1], presses[i][2], "kiosk", 5,
                    local("2026-12-01T" + presses[i][0]), "", "KIOSK-1");
        }
        // eight citizens scanning C1's QR poster in the same minute: the edge puts the channel in device_id, no device
        for (int i = 0; i < 8; i++) {
            fixture.rating("qr-" + i, "H1", "C1", "K1", "qr", 5, local("2026-12-01T11:00"), "ph-q" + i, "qr");
        }
        Evaluation e = service.run(new EvaluationMonth(YearMonth.of(2026, 12), ZONE), "li");
        assertThat(e.audit()).extracting(AuditEntry::ratingId, AuditEntry::flag)
                .containsExactly(tuple("kiosk-5", FairnessFlag.DEVICE_BURST));
    }

    @Test
    void scoresEveryClerkAndCounterOfTheMonthByHand() {
        Evaluation e = service.run(OCTOBER, "li");

        assertThat(e.run().runId()).isEqualTo("2026-10-r1");
        assertThat(e.run().revision()).isEqualTo(1);
        assertThat(e.run().policyVersion()).isEqualTo("test-2026-10");
        assertThat(e.run().policyHash()).isEqualTo(EvaluationFixture.POLICY.contentHash());
        assertThat(e.policyYaml()).isEqualTo(EvaluationFixture.POLICY_YAML);
        assertThat(e.run().createdBy()).isEqualTo("li");
        assertThat(e.run().createdAt()).isEqualTo(NOV_1_10H);
        // 37 October ratings in ratings (K1 3, K2 10, K3 9, K4 6, K5 9) less 5 left out = 32;
        // left out: k3-self, k4-b2, k5-d3, k5-e2, k5-e3 and the stream job's fr-dup and fr-spam = 7
        assertThat(e.run().countedRatings()).isEqualTo(32);
        assertThat(e.run().excludedRatings()).isEqualTo(7);
        assertThat(e.run().clerks()).isEqualTo(6);
        assertThat(e.run().counters()).isEqualTo(4);
        assertThat(e.run().comparedRevision()).isNull();
        assertThat(e.run().differs()).isFalse();
        assertThat(e.run().changeSummary()).isEmpty();
        assertThat(e.run().approval()).isEmpty();

        assertThat(e.results().stream().map(EvaluationServiceITCase::line)).containsExactly(
                "clerk K2 李四 H1/C1 active 8 default 2 counted 8 excluded 1 raw 95.0 adjusted 88.21 final 88.21 rank 1 优秀 1.2",
                "clerk K1 张三 H1/C1 active 3 default 0 counted 3 excluded 0 raw 100.0 adjusted 86.75 final 86.75 rank 2 良好 1.1",
                "clerk K3 王五 H1/C2 active 7 default 1 counted 7 excluded 1 raw 61.43 adjusted 73.99 final 68.99 rank 3 不合格 0.8",
                "clerk K6 赵六 H1/C2 active 0 default 0 counted 0 excluded 0 raw null adjusted 82.78 final 81.78 rank - - 1.0",
                "clerk K4 孙七 H2/C3 active 5 default 0 counted 5 excluded 2 raw 88.0 adjusted 87.52 final 87.52 rank 1 良好 1.1",
                "clerk K5 周八 H2/C4 active 6 default 0 counted 6 excluded 3 raw 86.67 adjusted 87.05 final 87.05 rank 2 良好 1.1",
                "counter C1  H1/C1 active 10 default 2 counted 10 excluded 1 raw 98.0 adjusted 90.39 final 90.39 rank 1 优秀 1.2 红旗",
                "counter C2  H1/C2 active 8 default 1 counted 8 excluded 1 raw 63.75 adjusted 74.32 final 68.32 rank 2 不合格 0.8",
                "counter C3  H2/C3 active 5 default 0 counted 5 excluded 2 raw 88.0 adjusted 87.52 final 87.52 rank 1 良好 1.1 红旗",
                "counter C4  H2/C4 active 6 default 0 counted 6 excluded 3 raw 86.67 adjusted 87.05 final 87.05 rank 2 良好 1.1");

        SubjectResult k1 = clerk(e, "K1");
        SubjectResult k2 = clerk(e, "K2");
        assertThat(k1.rawScore()).as("3 perfect ratings").isEqualTo(100.0);
        assertThat(k2.rawScore()).as("8 ratings averaging 9.5").isEqualTo(95.0);
        assertThat(k1.rank()).as("3 perfect ratings do not rank above 8 averaging 9.5").isGreaterThan(k2.rank());

        // defaults shown apart: in the channel and level counts, not in the score
        assertThat(k2.ratingsByChannel()).isEqualTo(Map.of("evaluator", 4L, "qr", 2L, "sms", 2L, "default", 2L));
        assertThat(k2.levels()).containsExactly(0L, 0L, 0L, 2L, 8L);
        assertThat(k2.explanation()).startsWith("本月计分评价 8 条（另有默认评价 2 条，单独列示，不计分），平均 9.5 分（百分制 95）")
                .endsWith("另有 1 条评价按公平规则未计入（重复评价 1 条），详见审计表。");
        assertThat(k2.counterId()).as("7 of K2's 10 ratings and both defaults at C1, 1 at C2").isEqualTo("C1");

        SubjectResult k3 = clerk(e, "K3");
        assertThat(k3.ratingsByChannel()).isEqualTo(Map.of("qr", 4L, "sms", 2L, "evaluator", 1L, "default", 1L));
        assertThat(k3.levels()).containsExactly(1L, 1L, 2L, 1L, 3L);
        assertThat(k3.deductions()).containsExactly(new Deduction("差评（未经申诉撤销）", 2, 2.0),
                new Deduction("整改超期", 1, 2.0), new Deduction("未按期回访", 1, 1.0));
        assertThat(k3.explanation()).isEqualTo("本月计分评价 7 条（另有默认评价 1 条，单独列示，不计分），平均 6.14 分（百分制 61.43）；"
                + "按大厅平均 8.28 分、先验强度 10 条修正后为 73.99 分；差评（未经申诉撤销） 2 次，扣 2 分；整改超期 1 次，扣 2 分；"
                + "未按期回访 1 次，扣 1 分；最终 68.99 分，排名第 3/3，等级 不合格，绩效系数 0.8。"
                + "另有 1 条评价按公平规则未计入（本人自评 1 条），详见审计表。");

        SubjectResult k6 = clerk(e, "K6");
        assertThat(k6.deductions()).containsExactly(new Deduction("未按期回访", 1, 1.0));
        assertThat(k6.ranked()).isFalse();
        assertThat(k6.explanation()).startsWith("本月没有计分的评价").contains("主动评价不足 3 条，不参与排名和评级");

        assertThat(clerk(e, "K4").explanation())
                .endsWith("另有 2 条评价按公平规则未计入（评价器连按 1 条，同一评价人短时集中评价 1 条），详见审计表。");

        SubjectResult c1 = counter(e, "C1");
        // K1: qr, evaluator, sms; K2 at C1: 4 evaluator, 2 qr, 1 sms, 2 default
        assertThat(c1.ratingsByChannel()).isEqualTo(Map.of("qr", 3L, "evaluator", 5L, "sms", 2L, "default", 2L));
        assertThat(c1.levels()).containsExactly(0L, 0L, 0L, 1L, 11L);
        SubjectResult c2 = counter(e, "C2");
        assertThat(c2.deductions()).containsExactly(new Deduction("差评（未经申诉撤销）", 2, 2.0),
                new Deduction("整改超期", 1, 2.0), new Deduction("未按期回访", 2, 2.0));
        assertThat(c2.subjectName()).isEmpty();
    }

    @Test
    void theAuditListsEveryLeftOutRatingOnceWithTheFirstFlagThatApplies() {
        Evaluation e = service.run(OCTOBER, "li");

        // k4-b2: 2 places back is k4-b0, 40 min < 60; k4-b3: 2 back is k4-b1, exactly 60 min, not less.
        // k5-d3: 3 back is k5-d0, 6 min < 10; k5-d4 at 14:12: 3 back is k5-d1 at 14:02, exactly 10 min.
        // k5-e2 and k5-e3: 2 back within 2 min; k5-e3 is also 3 back from k5-e0 on D-2 (device burst), and
        // rater_burst comes first. k2-8 is by K3's phone but rates K2: not a self-rating.
        // fr-spam-nov and k1-sep (with its upheld appeal) are not October's.
        assertThat(e.audit().stream().map(a -> a.ratingId() + " " + a.flag() + " " + a.detail() + " " + a.clerkId()
                + "/" + a.counterId() + "/" + a.hallId())).containsExactly(
                "fr-dup DUPLICATE 重复评价：办件 P-k2-1 已评价 K2/C1/H1",
                "k4-b2 RATER_BURST 同一评价人 60 分钟内超过 2 条评价 K4/C3/H2",
                "k5-d3 DEVICE_BURST 同一窗口的同一设备 10 分钟内超过 3 条评价 K5/C4/H2",
                "k5-e2 RATER_BURST 同一评价人 60 分钟内超过 2 条评价 K5/C4/H2",
                "k5-e3 RATER_BURST 同一评价人 60 分钟内超过 2 条评价 K5/C4/H2",
                "k3-self SELF_RATING 评价人手机号与该工作人员登记的手机号相同 K3/C2/H1",
                "fr-spam SPAM 评价器连按：1 秒内连按 2 次 K4/C3/H2");
        assertThat(e.audit()).contains(new AuditEntry("k3-self", FairnessFlag.SELF_RATING, "评价人手机号与该工作人员登记的手机号相同",
                "H1", "C2", "K3", "qr", 5, false, local("2026-10-17T09:00"), "138****ph-K3", ""));
        assertThat(e.audit()).contains(new AuditEntry("fr-spam", FairnessFlag.SPAM, "评价器连按：1 秒内连按 2 次", "H2", "C3",
                "K4", "evaluator", 1, false, local("2026-10-18T09:00:01"), "138****ph-f-fr-spam", "D-9"));
    }

    @Test
    void monthsRunFromMidnightToMidnightInAsiaShanghai() {
        Evaluation october = service.run(OCTOBER, "li");
        // k1-1 at 2026-09-30T16:30Z is 1 October 00:30 local: counted in October
        assertThat(clerk(october, "K1").activeRatings()).isEqualTo(3);

        // k1-sep at 2026-09-30T15:59:59.999Z is 23:59:59.999 on 30 September local, and its appeal was upheld
        Evaluation september = service.run(SEPTEMBER, "li");
        assertThat(september.run().runId()).isEqualTo("2026-09-r1");
        assertThat(september.audit().stream().map(a -> a.ratingId() + " " + a.detail()))
                .containsExactly("k1-sep 工单 WO-0 申诉成立");
        assertThat(september.results().stream().map(r -> r.type() + " " + r.subjectId() + " " + r.activeRatings() + " "
                + r.excludedRatings())).containsExactly("CLERK K1 0 1", "COUNTER C1 0 1");
        assertThat(september.run().countedRatings()).isZero();

        // k1-nov at 2026-10-31T16:00Z is 1 November 00:00 local; WO-5's rectification was due 3 November;
        // fr-spam-nov was flagged on 2 November
        Evaluation november = service.run(NOVEMBER, "li");
        assertThat(november.audit().stream().map(AuditEntry::ratingId)).containsExactly("fr-spam-nov");
        assertThat(november.clerks().stream().map(r -> r.subjectId() + " " + r.hallId() + " " + r.activeRatings() + " "
                + r.excludedRatings() + " " + r.deductions())).containsExactly(
                "K1 H1 1 0 [Deduction[reason=差评（未经申诉撤销）, count=1, points=1.0]]",
                "K3 H1 0 0 [Deduction[reason=整改超期, count=1, points=2.0]]",
                "K4 H2 0 1 []");
        assertThat(clerk(november, "K1").levels()).containsExactly(1L, 0L, 0L, 0L, 0L);
    }

    @Test
    void anUpheldAppealChangesTheScoreByExactlyTheHandComputedAmount() {
        Evaluation first = service.run(OCTOBER, "li");
        SubjectResult before = clerk(first, "K3");

        // the appeal on k3-e (level 1, 0 points) is upheld: K3 keeps 43 points over 6 ratings, one 差评 left.
        // H1: 149 points over 17 ratings, k × mean = 1490/17 = 87.6471
        //   K3: 10 × (43 + 87.6471) / 16 = 81.6544 → 81.65; less 1 + 2 + 1 = 4 → 77.65 (合格 1.0), raw 430/6 = 71.67
        //   K2: 10 × (76 + 87.6471) / 18 = 90.9150 → 90.92;  K1: 10 × (30 + 87.6471) / 13 = 90.4977 → 90.50
        //   K6: 87.6471 → 87.65, less 1 → 86.65
        //   C1: 10 × (98 + 87.6471) / 20 = 92.8235 → 92.82
        //   C2: 7 ratings, 51 points: 10 × (51 + 87.6471) / 17 = 81.5571 → 81.56; less 1 + 2 + 2 = 5 → 76.56
        // H2 is untouched.
        fixture.exclusion("k3-e", "WO-1");
        clock.set(NOV_1_10H.plus(Duration.ofHours(1)));
        Evaluation second = service.run(OCTOBER, "li");
        SubjectResult after = clerk(second, "K3");

        assertThat(after.finalScore()).isEqualTo(77.65);
        assertThat(after.finalScore() - before.finalScore()).isCloseTo(77.65 - 68.99, offset(1e-9));
        assertThat(line(after)).isEqualTo(
                "clerk K3 王五 H1/C2 active 6 default 1 counted 6 excluded 2 raw 71.67 adjusted 81.65 final 77.65 rank 3 合格 1.0");
        assertThat(after.deductions()).containsExactly(new Deduction("差评（未经申诉撤销）", 1, 1.0),
                new Deduction("整改超期", 1, 2.0), new Deduction("未按期回访", 1, 1.0));
        assertThat(after.levels()).containsExactly(0L, 1L, 2L, 1L, 3L);
        assertThat(after.ratingsByChannel()).isEqualTo(Map.of("qr", 4L, "sms", 1L, "evaluator", 1L, "default", 1L));
        assertThat(after.explanation()).endsWith("另有 2 条评价按公平规则未计入（申诉成立 1 条，本人自评 1 条），详见审计表。");
        assertThat(second.audit()).filteredOn(a -> a.flag() == FairnessFlag.APPEAL_UPHELD)
                .extracting(AuditEntry::ratingId, AuditEntry::detail).containsExactly(
                        tuple("k3-e", "工单 WO-1 申诉成立"));

        assertThat(second.run().runId()).isEqualTo("2026-10-r2");
        assertThat(second.run().revision()).isEqualTo(2);
        assertThat(second.run().comparedRevision()).isEqualTo(1);
        assertThat(second.run().differs()).isTrue();
        assertThat(second.run().resultsHash()).isNotEqualTo(first.run().resultsHash());
        assertThat(second.run().changeSummary()).isEqualTo("与第 1 版相比：4 名人员、2 个窗口的结果不同");
        assertThat(second.run().countedRatings()).isEqualTo(31);
        assertThat(second.run().excludedRatings()).isEqualTo(8);

        Comparison c = service.compare("2026-10-r1", "2026-10-r2");
        assertThat(c.from()).isEqualTo(first.run());
        assertThat(c.to()).isEqualTo(second.run());
        assertThat(c.same()).isFalse();
        assertThat(c.changes()).containsExactly(
                new Comparison.Change(SubjectType.CLERK, "K1", "张三", "H1", 86.75, 90.50, "良好", "优秀", 2, 2, 1.1, 1.2),
                new Comparison.Change(SubjectType.CLERK, "K2", "李四", "H1", 88.21, 90.92, "优秀", "优秀", 1, 1, 1.2, 1.2),
                new Comparison.Change(SubjectType.CLERK, "K3", "王五", "H1", 68.99, 77.65, "不合格", "合格", 3, 3, 0.8, 1.0),
                new Comparison.Change(SubjectType.CLERK, "K6", "赵六", "H1", 81.78, 86.65, "", "", null, null, 1.0, 1.0),
                new Comparison.Change(SubjectType.COUNTER, "C1", "", "H1", 90.39, 92.82, "优秀", "优秀", 1, 1, 1.2, 1.2),
                new Comparison.Change(SubjectType.COUNTER, "C2", "", "H1", 68.32, 76.56, "不合格", "合格", 2, 2, 0.8, 1.0));
        assertThat(service.compare("2026-10-r2", "2026-10-r2").same()).isTrue();
    }

    @Test
    void approvalLocksTheMonthAndLaterRunsCompareWithTheApprovedRevision() {
        Evaluation first = service.run(OCTOBER, "li");
        clock.set(local("2026-11-01T11:00"));
        Evaluation second = service.run(OCTOBER, "li");
        assertThat(second.run().changeSummary()).isEqualTo("与第 1 版相比：结果相同");
        assertThat(second.run().differs()).isFalse();
        assertThat(second.run().resultsHash()).isEqualTo(first.run().resultsHash());

        clock.set(local("2026-11-02T10:00"));
        Approval approval = service.approve("2026-10-r1", "zhang");
        assertThat(approval).isEqualTo(new Approval("2026-10", "2026-10-r1", 1, first.run().resultsHash(), "zhang",
                local("2026-11-02T10:00")));

        clock.set(local("2026-11-02T11:00"));
        assertConflict(() -> service.approve("2026-10-r1", "wang"), "第 1 版已经核定");
        assertConflict(() -> service.approve("2026-10-r2", "wang"),
                "2026年10月已核定第 1 版（zhang 于 2026-11-02 10:00 核定），不能再核定其他版本");
        assertThat(store.queryLong("SELECT count() FROM evaluation_approvals")).isEqualTo(1);

        // a run after approval is still possible; it is compared with the approved revision, not the latest
        fixture.exclusion("k3-e", "WO-1");
        Evaluation third = service.run(OCTOBER, "li");
        assertThat(third.run().revision()).isEqualTo(3);
        assertThat(third.run().comparedRevision()).isEqualTo(1);
        assertThat(third.run().differs()).isTrue();
        assertThat(third.run().changeSummary()).isEqualTo("与第 1 版（已核定）相比：4 名人员、2 个窗口的结果不同");
        assertConflict(() -> service.approve("2026-10-r3", "zhang"),
                "2026年10月已核定第 1 版（zhang 于 2026-11-02 10:00 核定），不能再核定其他版本");

        // the approved revision reads back unchanged, with its approval
        Evaluation approved = service.load("2026-10-r1");
        assertThat(approved).isEqualTo(new Evaluation(first.run().withApproval(approval), first.policyYaml(),
                first.results(), first.audit()));
        assertThat(service.approvalOf("2026-10")).contains(approval);
        assertThat(service.approvalOf("2026-09")).isEmpty();
        assertThat(service.list(Optional.of("2026-10")).stream().map(r -> r.runId() + " " + r.approved()))
                .containsExactly("2026-10-r3 false", "2026-10-r2 false", "2026-10-r1 true");
        assertThat(service.find("2026-10-r1").approval()).contains(approval);
        assertThat(service.find("2026-10-r2").approval()).isEmpty();
    }

    @Test
    void storedResultsChangedAfterTheRunAreRefused() {
        Evaluation first = service.run(OCTOBER, "li");
        assertThat(service.load("2026-10-r1")).isEqualTo(first);

        store.execute("ALTER TABLE evaluation_results UPDATE final_score = 100 WHERE run_id = '2026-10-r1' "
                + "AND subject_id = 'K3' SETTINGS mutations_sync = 2");
        assertThat(store.queryDouble("SELECT final_score FROM evaluation_results WHERE run_id = '2026-10-r1' "
                + "AND subject_id = 'K3'")).isEqualTo(100.0);

        String tampered = "第 1 版的存储结果与生成时的校验值不符，可能被改动，不能使用";
        assertConflict(() -> service.load("2026-10-r1"), tampered);
        assertConflict(() -> service.approve("2026-10-r1", "zhang"), tampered);
        assertConflict(() -> service.compare("2026-10-r1", "2026-10-r1"), tampered);
        assertThat(store.queryLong("SELECT count() FROM evaluation_approvals")).isZero();

        // a new run still works; it cannot list the differences against the altered revision and says so
        Evaluation second = service.run(OCTOBER, "li");
        assertThat(second.run().comparedRevision()).isEqualTo(1);
        assertThat(second.run().differs()).as("the same outcome as revision 1 was stored with").isFalse();
        assertThat(second.run().changeSummary())
                .isEqualTo("与第 1 版相比：第 1 版的存储结果与生成时的校验值不符，无法逐项比较");
        assertThat(service.load("2026-10-r2")).isEqualTo(second);

        // a flag row removed is caught as well
        store.execute("ALTER TABLE evaluation_flags DELETE WHERE run_id = '2026-10-r2' AND rating_id = 'k3-self' "
                + "SETTINGS mutations_sync = 2");
        assertConflict(() -> service.load("2026-10-r2"), "第 2 版的存储结果与生成时的校验值不符，可能被改动，不能使用");
    }

    @Test
    void revisionsReadBackExactlyAsTheyWereReturned() {
        Evaluation october1 = service.run(OCTOBER, "li");
        clock.set(local("2026-11-01T10:00:00.123"));
        Evaluation september = service.run(SEPTEMBER, "wang");
        clock.set(local("2026-11-03T09:30"));
        Evaluation november = service.run(NOVEMBER, "li");
        Evaluation october2 = service.run(OCTOBER, "zhao");

        for (Evaluation e : List.of(october1, september, november, october2)) {
            assertThat(service.load(e.run().runId())).isEqualTo(e);
            assertThat(service.find(e.run().runId())).isEqualTo(e.run());
        }
        assertThat(september.run().createdAt()).isEqualTo(local("2026-11-01T10:00:00.123"));
        assertThat(october2.run().revision()).isEqualTo(2);
        assertThat(october2.run().createdBy()).isEqualTo("zhao");
        assertThat(service.list(Optional.empty())).containsExactly(november.run(), october2.run(), october1.run(),
                september.run());
        assertThat(service.list(Optional.of("2026-09"))).containsExactly(september.run());

        assertThatThrownBy(() -> service.find("2026-10-r9")).isInstanceOfSatisfying(EvaluationException.class,
                x -> assertThat(x.kind()).isEqualTo(EvaluationException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.compare("2026-10-r1", "2026-10-r9")).isInstanceOfSatisfying(
                EvaluationException.class, x -> assertThat(x.kind()).isEqualTo(EvaluationException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.approve("nope", "zhang")).isInstanceOfSatisfying(EvaluationException.class,
                x -> assertThat(x.kind()).isEqualTo(EvaluationException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.list(Optional.of("2026-13"))).isInstanceOfSatisfying(
                EvaluationException.class, x -> assertThat(x.kind()).isEqualTo(EvaluationException.Kind.INVALID));
    }

    @Test
    void scoresThatClickHouseParsesOffByABitStillMatchTheirHash() {
        // ClickHouse before 26.7 stores "6.94" as 6.9399999999999995; the revision must still load (not CONFLICT)
        Evaluation october = service.run(OCTOBER, "li");
        SubjectResult first = october.results().get(0);
        SubjectResult tricky = new SubjectResult(first.type(), first.subjectId(), first.subjectName(), first.hallId(),
                first.counterId(), first.ratingsByChannel(), first.levels(), first.activeRatings(),
                first.defaultRatings(), first.countedRatings(), first.excludedRatings(), 95.94, 95.94,
                first.deductions(), 6.94, first.ranked(), first.rank(), first.grade(), 0.8, first.redFlag(),
                first.explanation());
        List<SubjectResult> results = new ArrayList<>(october.results());
        results.set(0, tricky);
        EvaluationRun run = october.run();
        EvaluationRun copy = new EvaluationRun("2026-10-r7", run.month(), 7, run.policyVersion(), run.policyHash(),
                run.createdBy(), run.createdAt(), ResultsHash.of(results, october.audit()), run.countedRatings(),
                run.excludedRatings(), run.clerks(), run.counters(), null, false, "", Optional.empty());
        new EvaluationStore(store).write(copy, october.policyYaml(), results, october.audit());
        assertThat(store.queryDouble("SELECT final_score FROM evaluation_results WHERE run_id = '2026-10-r7' "
                + "AND subject_id = '" + first.subjectId() + "'")).isNotEqualTo(6.94);
        assertThat(service.load("2026-10-r7").results()).contains(tricky);
    }

    @Test
    void theRevisionOfARunThatFailedHalfWayIsNeverReused() {
        // a run that wrote its flags and one result, then failed before its evaluation_runs row
        store.execute("INSERT INTO evaluation_flags (run_id, rating_id, flag) VALUES ('2026-10-r1', 'k3-self', 'self_rating')");
        store.execute("INSERT INTO evaluation_results (run_id, subject_type, subject_id) VALUES ('2026-10-r1', 'clerk', 'K3')");

        Evaluation e = service.run(OCTOBER, "li");
        assertThat(e.run().runId()).isEqualTo("2026-10-r2");
        assertThat(e.run().comparedRevision()).as("no complete run before it").isNull();
        assertThat(service.load("2026-10-r2")).isEqualTo(e);
        assertThat(service.list(Optional.of("2026-10"))).containsExactly(e.run());
    }

    @Test
    void countedAndLeftOutRatingsAddUpToTheMonthsRatingsPerClerk() {
        Map<String, Long> stored = new HashMap<>();
        for (Map<String, Object> row : store.query("SELECT clerk_id, count() AS n FROM ratings FINAL WHERE "
                + SqlInstants.within("rated_at", OCTOBER) + " GROUP BY clerk_id")) {
            stored.put((String) row.get("clerk_id"), ((Number) row.get("n")).longValue());
        }
        assertThat(stored).isEqualTo(Map.of("K1", 3L, "K2", 10L, "K3", 9L, "K4", 6L, "K5", 9L));

        Evaluation first = service.run(OCTOBER, "li");
        fixture.exclusion("k3-e", "WO-1");
        Evaluation second = service.run(OCTOBER, "li");
        for (Evaluation e : List.of(first, second)) {
            long leftOutOfRatings = 0;
            for (SubjectResult clerk : e.clerks()) {
                long fromStreamJob = e.audit().stream().filter(a -> a.clerkId().equals(clerk.subjectId())
                        && FairnessAudit.fromStreamJob(a.flag())).count();
                assertThat(clerk.activeRatings() + clerk.defaultRatings() + clerk.excludedRatings() - fromStreamJob)
                        .as(clerk.subjectId()).isEqualTo(stored.getOrDefault(clerk.subjectId(), 0L));
                leftOutOfRatings += clerk.excludedRatings() - fromStreamJob;
            }
            assertThat(e.run().countedRatings() + leftOutOfRatings).isEqualTo(37);
        }
    }

    @Test
    void theStaffDirectoryKeepsTheNewestRowPerClerkAndTheRunUsesIt() {
        StaffDirectory staff = new StaffDirectory(store, clock);
        clock.set(local("2026-11-01T12:00"));
        staff.register(List.of(new StaffMember("K7", "钱十", "H2", "C3", "ph-A", "138****000A")));
        clock.set(local("2026-11-01T11:00"));
        staff.register(List.of(new StaffMember("K7", "钱十（旧）", "H2", "C3", "ph-old", "138****0old")));
        assertThat(staff.all()).filteredOn(m -> m.clerkId().equals("K7"))
                .containsExactly(new StaffMember("K7", "钱十", "H2", "C3", "ph-A", "138****000A"));

        clock.set(local("2026-11-01T13:00"));
        staff.register(List.of(new StaffMember("K7", "钱十", "H2", "C4", "ph-B", "138****000B"),
                new StaffMember("K8", "甲", "H1", "C1", "ph-8a", "138****008a"),
                new StaffMember("K8", "乙", "H1", "C2", "ph-8b", "138****008b")));
        // K3 registers another phone: k3-self (by ph-K3) is no longer a self-rating
        staff.register(List.of(new StaffMember("K3", "王五", "H1", "C2", "ph-K3-new", "138****0new")));
        assertThat(staff.all()).extracting(StaffMember::clerkId, StaffMember::name, StaffMember::phoneHash)
                .containsExactly(
                        tuple("K1", "张三", "ph-K1"),
                        tuple("K2", "李四", "ph-K2"),
                        tuple("K3", "王五", "ph-K3-new"),
                        tuple("K4", "孙七", "ph-K4"),
                        tuple("K5", "周八", "ph-K5"),
                        tuple("K6", "赵六", "ph-K6"),
                        tuple("K7", "钱十", "ph-B"),
                        tuple("K8", "乙", "ph-8b"));

        Evaluation e = service.run(OCTOBER, "li");
        assertThat(e.audit()).noneMatch(a -> a.flag() == FairnessFlag.SELF_RATING);
        assertThat(clerk(e, "K3").activeRatings()).isEqualTo(8);
    }

    @Test
    void aSubjectBelongsToTheHallAndCounterOfMostOfItsRatings() {
        EvaluationMonth december = new EvaluationMonth(YearMonth.of(2026, 12), ZONE);
        // K9: one rating in each hall, a tie: the smaller hall id (H1) and counter id (C1) win
        fixture.rating("k9-1", "H2", "C3", "K9", "qr", 5, local("2026-12-01T09:00"), "ph-r91", "");
        fixture.rating("k9-2", "H1", "C1", "K9", "qr", 5, local("2026-12-02T09:00"), "ph-r92", "");
        // K10: two in H2 at C4, one in H1 at C1; its counters go by their own ratings
        fixture.rating("k10-1", "H2", "C4", "K10", "qr", 5, local("2026-12-01T10:00"), "ph-r93", "");
        fixture.rating("k10-2", "H2", "C4", "K10", "qr", 4, local("2026-12-02T10:00"), "ph-r94", "");
        fixture.rating("k10-3", "H1", "C1", "K10", "qr", 3, local("2026-12-03T10:00"), "ph-r95", "");

        Evaluation e = service.run(december, "li");
        assertThat(e.results().stream().map(r -> r.type().wireName() + " " + r.subjectId() + " " + r.hallId() + "/"
                + r.counterId() + " " + r.activeRatings())).containsExactly(
                "clerk K9 H1/C1 2",
                "clerk K10 H2/C4 3",
                "counter C1 H1/C1 2",
                "counter C3 H2/C3 1",
                "counter C4 H2/C4 2");
    }

    @Test
    void aMonthWithNothingToEvaluateOrNoActorIsInvalid() {
        EvaluationMonth empty = new EvaluationMonth(YearMonth.of(2025, 10), ZONE);
        assertThatThrownBy(() -> service.run(empty, "li")).isInstanceOfSatisfying(EvaluationException.class, x -> {
            assertThat(x.kind()).isEqualTo(EvaluationException.Kind.INVALID);
            assertThat(x.getMessage()).isEqualTo("2025年10月没有评价，也没有工单扣分，无可考核");
        });
        assertThatThrownBy(() -> service.run(OCTOBER, " ")).isInstanceOfSatisfying(EvaluationException.class,
                x -> assertThat(x.kind()).isEqualTo(EvaluationException.Kind.INVALID));
        assertThat(store.queryLong("SELECT count() FROM evaluation_runs")).isZero();
    }

    private static void assertConflict(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EvaluationException.class, x -> {
            assertThat(x.kind()).isEqualTo(EvaluationException.Kind.CONFLICT);
            assertThat(x.getMessage()).isEqualTo(message);
        });
    }

    private static SubjectResult clerk(Evaluation e, String id) {
        return e.clerks().stream().filter(r -> r.subjectId().equals(id)).findFirst().orElseThrow();
    }

    private static SubjectResult counter(Evaluation e, String id) {
        return e.counters().stream().filter(r -> r.subjectId().equals(id)).findFirst().orElseThrow();
    }

    /** One result on one line, in the order of the hand computation above. */
    private static String line(SubjectResult r) {
        return r.type().wireName() + " " + r.subjectId() + " " + r.subjectName() + " " + r.hallId() + "/" + r.counterId()
                + " active " + r.activeRatings() + " default " + r.defaultRatings() + " counted " + r.countedRatings()
                + " excluded " + r.excludedRatings() + " raw " + r.rawScore() + " adjusted " + r.adjustedScore()
                + " final " + r.finalScore() + " rank " + (r.rank() == null ? "-" : r.rank()) + " "
                + (r.grade().isEmpty() ? "-" : r.grade()) + " " + r.payCoefficient() + (r.redFlag() ? " 红旗" : "");
    }
}
