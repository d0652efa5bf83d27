package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.haochaping.model.workorders.ConsoleRole;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private final BearerAuth auth = new BearerAuth(TestUsers.config(Map.of()).console().users());

    @Test
    void everyConfiguredTokenAuthenticatesItsOwnUserWithRoleAndHalls() {
        for (TestUsers.User u : TestUsers.ALL) {
            BearerAuth.Outcome outcome = auth.authenticate("Bearer " + u.token());
            assertThat(outcome.refusal()).isNull();
            assertThat(outcome.principal()).isEqualTo(u.principal());
        }
        assertThat(auth.authenticate("Bearer " + TestUsers.SUPERVISOR_ALL.token()).principal().allHalls()).isTrue();
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        assertThat(auth.authenticate("bearer " + TestUsers.CLERK_K7.token()).principal().userId()).isEqualTo("K7");
        assertThat(auth.authenticate("  BEARER   " + TestUsers.CLERK_K7.token() + "  ").principal().role())
                .isEqualTo(ConsoleRole.CLERK);
    }

    @Test
    void noHeaderIsMissing() {
        assertThat(auth.authenticate(null).refusal()).isEqualTo(BearerAuth.Refusal.MISSING);
        assertThat(auth.authenticate("  ").refusal()).isEqualTo(BearerAuth.Refusal.MISSING);
    }

    @Test
    void anotherSchemeAnEmptyTokenOrATokenWithSpacesIsMalformed() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token " + TestUsers.CLERK_K7.token(),
                "Bearer a b", "Bearer" + TestUsers.CLERK_K7.token(), "Bearer " + "x".repeat(513))) {
            assertThat(auth.authenticate(header).refusal()).as(header).isEqualTo(BearerAuth.Refusal.MALFORMED);
        }
    }

    @Test
    void anUnknownTokenOrTheHashItselfIsRefused() {
        assertThat(auth.authenticate("Bearer token-nobody-has").refusal()).isEqualTo(BearerAuth.Refusal.UNKNOWN);
        // the configuration holds the hash; presenting it is not presenting the token
        String hash = TestUsers.config(Map.of()).console().users().get("K7").tokenSha256();
        assertThat(auth.authenticate("Bearer " + hash).refusal()).isEqualTo(BearerAuth.Refusal.UNKNOWN);
        assertThat(auth.authenticate("Bearer " + TestUsers.CLERK_K7.token() + "x").refusal())
                .isEqualTo(BearerAuth.Refusal.UNKNOWN);
    }

    @Test
    void refusalsSpeakChinese() {
        assertThat(BearerAuth.Refusal.MISSING.message()).isEqualTo("请先登录：请求缺少 Authorization: Bearer 令牌");
        assertThat(BearerAuth.Refusal.MALFORMED.message()).isEqualTo("登录凭证格式不正确，应为 Authorization: Bearer <令牌>");
        assertThat(BearerAuth.Refusal.UNKNOWN.message()).isEqualTo("登录令牌无效或已停用，请向管理员索取新的令牌");
    }
}
