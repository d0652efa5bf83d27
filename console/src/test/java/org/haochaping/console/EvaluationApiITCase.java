package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly evaluation through the console: who may run, approve and read; and that an approved revision
 * cannot be changed through any endpoint (every method on every evaluation path is tried, then the
 * revision is read back byte for byte).
 */
class EvaluationApiITCase extends ConsoleFixture {

    /** The built-in policy, small enough for a fixture: 5 active ratings to be ranked, the hall mean weighs as 5. */
    static final String POLICY = org.haochaping.model.evaluation.EvaluationPolicy.builtIn().yaml()
            .replace("version: \"builtin-1\"", "version: \"it-1\"")
            .replace("priorStrength: 30", "priorStrength: 5").replace("minActiveRatings: 30", "minActiveRatings: 5");
    static final String R1 = "/api/v1/evaluations/2026-10-r1";

    @BeforeEach
    void policyAndMonth() throws Exception {
        Path policy = Files.createTempDirectory(Path.of(System.getProperty("hcp.test.tmp", "target/tmp")), "policy-")
                .resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        console.close().await(30, TimeUnit.SECONDS);
        console = start(Map.of("evaluation.policyFile", policy.toString()));
        client = new ConsoleClient(console.port());
        // October 2026 in Beijing: K7 (H1) 6 × level 5 + 1 × level 2, K8 (H1) 6 × level 4, K9 (H2) 5 × level 5;
        // every rating from its own phone, an hour apart, so no fairness rule applies
        List<Rows.Row> rows = new ArrayList<>();
        Instant t = Instant.parse("2026-10-12T01:00:00Z");
        int n = 0;
        for (int i = 0; i < 7; i++) {
            rows.add(rating(++n, i < 6 ? 5 : 2, "H1", "H1-W1", "K7", t.plusSeconds(3600L * n)));
        }
        for (int i = 0; i < 6; i++) {
            rows.add(rating(++n, 4, "H1", "H1-W2", "K8", t.plusSeconds(3600L * n)));
        }
        for (int i = 0; i < 5; i++) {
            rows.add(rating(++n, 5, "H2", "H2-W1", "K9", t.plusSeconds(3600L * n)));
        }
        insert("ratings", rows.toArray(Rows.Row[]::new));
    }

    private static Rows.Row rating(int n, int level, String hall, String counter, String clerk, Instant at) {
        return Rows.rating("r" + n, "P" + n, level, hall, counter, clerk, at)
                .with("rater_phone_hash", String.format("%064d", n)).with("device_id", "ev-" + counter);
    }

    private ConsoleClient.Reply run(TestUsers.User who) {
        return client.post("/api/v1/evaluations", who.token(), "{\"month\":\"2026-10\"}");
    }

    @Test
    void anApprovedRevisionCannotBeChangedThroughAnyEndpoint() {
        ConsoleClient.Reply first = run(TestUsers.SUPERVISOR_ALL);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().at("/run/runId").asText()).isEqualTo("2026-10-r1");
        assertThat(first.json().at("/run/status").asText()).isEqualTo("draft");
        assertThat(first.json().at("/run/policyVersion").asText()).isEqualTo("it-1");
        String json = client.get(R1, TestUsers.SUPERVISOR_ALL.token()).body();
        String csv = client.get(R1 + "/export.csv", TestUsers.SUPERVISOR_ALL.token()).body();

        ConsoleClient.Reply approved = client.post(R1 + "/approve", TestUsers.SUPERVISOR_ALL.token(), "");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().at("/approval/approvedBy").asText()).isEqualTo("sup-all");
        String approvedJson = client.get(R1, TestUsers.SUPERVISOR_ALL.token()).body();
        assertThat(approvedJson.substring(approvedJson.indexOf("\"results\"")))
                .as("approval adds itself to the run and changes nothing else")
                .isEqualTo(json.substring(json.indexOf("\"results\"")));

        // every way in: approve again, another revision, other methods on every path, other roles
        ConsoleClient.Reply again = client.post(R1 + "/approve", TestUsers.SUPERVISOR_ALL.token(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("已经核定");
        ConsoleClient.Reply second = run(TestUsers.SUPERVISOR_ALL);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().at("/run/runId").asText()).isEqualTo("2026-10-r2");
        assertThat(second.json().at("/run/differs").asBoolean()).isFalse();
        assertThat(second.json().at("/run/changeSummary").asText()).contains("第 1 版（已核定）").contains("结果相同");
        ConsoleClient.Reply otherApproval = client.post("/api/v1/evaluations/2026-10-r2/approve",
                TestUsers.SUPERVISOR_ALL.token(), "");
        assertThat(otherApproval.status()).isEqualTo(409);
        assertThat(otherApproval.error()).contains("2026年10月已核定第 1 版");
        for (String path : List.of("/api/v1/evaluations", R1, R1 + "/approve", R1 + "/export.csv", R1 + "/export.xlsx",
                R1 + "/compare", R1 + "/clerks/K7/explanation.html")) {
            for (String method : List.of("PUT", "PATCH", "DELETE")) {
                ConsoleClient.Reply r = client.send(method, path, TestUsers.SUPERVISOR_ALL.token());
                assertThat(r.status()).as(method + " " + path).isEqualTo(405);
                assertThat(r.error()).as(method + " " + path).isEqualTo(EvaluationApi.IMMUTABLE);
            }
        }
        assertThat(client.post(R1, TestUsers.SUPERVISOR_ALL.token(), "{}").status()).isEqualTo(405);
        assertThat(client.post(R1 + "/export.csv", TestUsers.SUPERVISOR_ALL.token(), "{}").status()).isEqualTo(405);
        for (TestUsers.User who : List.of(TestUsers.SUPERVISOR_H1, TestUsers.AUDITOR_H1, TestUsers.CLERK_K7)) {
            assertThat(client.post("/api/v1/evaluations/2026-10-r2/approve", who.token(), "").status())
                    .as(who.id()).isEqualTo(403);
            assertThat(run(who).status()).as(who.id()).isEqualTo(403);
        }

        // an upheld appeal after approval: a new revision differs, the approved one stays as it was
        insert("score_exclusions", Rows.exclusion("r7", "WO-7", "H1", "H1-W1", "K7", Instant.parse("2026-10-12T08:00:00Z"))
                .with("level", 2).with("points", 3));
        ConsoleClient.Reply third = run(TestUsers.SUPERVISOR_ALL);
        assertThat(third.json().at("/run/differs").asBoolean()).isTrue();
        assertThat(third.json().at("/run/changeSummary").asText()).contains("第 1 版（已核定）");
        assertThat(client.get(R1, TestUsers.SUPERVISOR_ALL.token()).body()).isEqualTo(approvedJson);
        assertThat(client.get(R1 + "/export.csv", TestUsers.SUPERVISOR_ALL.token()).body())
                .isEqualTo(csv.replace("未核定", "已核定"));
        ConsoleClient.Reply compare = client.get("/api/v1/evaluations/2026-10-r3/compare?with=2026-10-r1",
                TestUsers.SUPERVISOR_ALL.token());
        assertThat(compare.status()).as(compare.body()).isEqualTo(200);
        List<String> changed = new ArrayList<>();
        compare.json().path("changes").forEach(c -> changed.add(c.path("type").asText() + ":" + c.path("subjectId").asText()));
        // K7 lost a 差评 and H1's mean moved, so K8 and both H1 counters changed too; H2 did not
        assertThat(changed).containsExactlyInAnyOrder("clerk:K7", "clerk:K8", "counter:H1-W1", "counter:H1-W2");
    }

    @Test
    void readersSeeTheirHallsAndAClerkOnlyTheirOwnApprovedExplanation() {
        assertThat(run(TestUsers.SUPERVISOR_ALL).status()).isEqualTo(201);

        JsonNode h1 = client.get(R1, TestUsers.SUPERVISOR_H1.token()).json();
        List<String> subjects = new ArrayList<>();
        h1.path("results").forEach(r -> subjects.add(r.path("subjectId").asText()));
        assertThat(subjects).containsExactlyInAnyOrder("K7", "K8", "H1-W1", "H1-W2");
        String csv = client.get(R1 + "/export.csv", TestUsers.AUDITOR_H1.token()).body();
        assertThat(csv).contains("K7").contains("K8").doesNotContain("K9");
        ConsoleClient.Reply xlsx = client.get(R1 + "/export.xlsx", TestUsers.AUDITOR_H1.token());
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.header("Content-Type")).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml");
        assertThat(xlsx.body()).startsWith("PK");

        assertThat(client.get("/api/v1/evaluations", TestUsers.CLERK_K7.token()).json().path("items").size())
                .as("drafts are not shown to clerks").isZero();
        ConsoleClient.Reply draft = client.get(R1 + "/clerks/K7/explanation.html", TestUsers.CLERK_K7.token());
        assertThat(draft.status()).isEqualTo(403);
        assertThat(draft.error()).contains("尚未核定");
        assertThat(client.get(R1, TestUsers.CLERK_K7.token()).status()).isEqualTo(403);

        assertThat(client.post(R1 + "/approve", TestUsers.SUPERVISOR_ALL.token(), "").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/evaluations", TestUsers.CLERK_K7.token()).json().path("items").size()).isEqualTo(1);
        ConsoleClient.Reply own = client.get(R1 + "/clerks/K7/explanation.html", TestUsers.CLERK_K7.token());
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.header("Content-Type")).startsWith("text/html");
        assertThat(own.body()).contains("K7").contains("服务评价考核说明");
        ConsoleClient.Reply pdf = client.get(R1 + "/clerks/K7/explanation.pdf", TestUsers.CLERK_K7.token());
        assertThat(pdf.status()).as(pdf.body()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF");
        assertThat(client.get(R1 + "/clerks/K8/explanation.html", TestUsers.CLERK_K7.token()).status()).isEqualTo(403);
        assertThat(client.get(R1 + "/clerks/K9/explanation.html", TestUsers.SUPERVISOR_H1.token()).status())
                .as("K9 works in H2").isEqualTo(403);

        assertThat(client.get("/api/v1/evaluations/2026-09-r1", TestUsers.SUPERVISOR_ALL.token()).status()).isEqualTo(404);
        ConsoleClient.Reply badMonth = client.post("/api/v1/evaluations", TestUsers.SUPERVISOR_ALL.token(), "{\"month\":\"2026-13\"}");
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.json().at("/violations/0/field").asText()).isEqualTo("month");
        assertThat(client.get("/api/v1/evaluations?month=10-2026", TestUsers.SUPERVISOR_ALL.token()).status()).isEqualTo(400);
        assertThat(client.get(R1 + "/compare", TestUsers.SUPERVISOR_ALL.token()).status()).isEqualTo(400);
        assertThat(new String(csv.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).startsWith("\uFEFF");
    }
}
