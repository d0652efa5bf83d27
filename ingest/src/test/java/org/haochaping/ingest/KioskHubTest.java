package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.haochaping.model.qr.QrToken;
import org.junit.jupiter.api.Test;

/** The counters' pending cases (no stream connected: offers reach nobody but are remembered). */
class KioskHubTest {

    private static final Instant T0 = TestConfigs.NOW;
    private final RatedCases rated = new RatedCases(100);
    private final KioskHub hub = new KioskHub(rated);

    private static RateableCase offered(String projectNo, String counterId, Instant at) {
        QrToken token = QrToken.forCase(projectNo, 1, "hall-7", counterId, "clerk-1", at.plus(Duration.ofDays(30)));
        return new RateableCase("token-" + projectNo, token, "事项", "", "item-1", "", at);
    }

    @Test
    void anOfferWithNoPageConnectedReachesNobodyButBecomesTheCounterPendingCase() {
        assertThat(hub.offer(offered("P-1", "c-1", T0))).isZero();
        assertThat(hub.pending("hall-7", "c-1", T0.plusSeconds(60)).token().projectNo()).isEqualTo("P-1");
        assertThat(hub.pending("hall-8", "c-1", T0)).as("another hall's counter of the same id").isNull();
        assertThat(hub.pending("hall-7", "c-2", T0)).isNull();
    }

    @Test
    void theNewestOfferReplacesThePendingCase() {
        hub.offer(offered("P-1", "c-1", T0));
        hub.offer(offered("P-2", "c-1", T0.plusSeconds(10)));
        assertThat(hub.pending("hall-7", "c-1", T0.plusSeconds(20)).token().projectNo()).isEqualTo("P-2");
        assertThat(hub.offered("c-1", "P-1")).isNull();
        assertThat(hub.offered("c-1", "P-2").itemCode()).isEqualTo("item-1");
    }

    @Test
    void aPendingCaseEndsAfterItsTimeOrOnceRated() {
        hub.offer(offered("P-1", "c-1", T0));
        assertThat(hub.pending("hall-7", "c-1", T0.plus(KioskHub.PENDING_FOR).minusMillis(1))).isNotNull();
        assertThat(hub.pending("hall-7", "c-1", T0.plus(KioskHub.PENDING_FOR))).isNull();
        rated.reserve("P-1", 1, "r-1");
        assertThat(hub.pending("hall-7", "c-1", T0.plusSeconds(1))).isNull();
    }

    @Test
    void theCaseEventCarriesTheCaseTokenAndTheCatalogueByLevel() {
        String event = KioskHub.caseEvent(offered("P-1", "c-1", T0));
        assertThat(event).startsWith("event: case\ndata: {\"projectNo\":\"P-1\",\"itemName\":\"事项\",\"token\":\"token-P-1\"")
                .contains("\"tags\":{\"1\":[{\"code\":\"108\"").endsWith("}\n\n");
        assertThat(event.substring(0, event.length() - 2)).as("one data line").doesNotContain("\n\n");
    }
}
