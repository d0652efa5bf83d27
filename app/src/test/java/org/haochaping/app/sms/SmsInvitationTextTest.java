package org.haochaping.app.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.haochaping.model.sms.SmsInvitation;
import org.junit.jupiter.api.Test;

class SmsInvitationTextTest {

    private static final String DEFAULT_TEMPLATE = "【政务服务好差评】您在{hall}办理的“{item}”已办结（办件编号{projectNo}）。"
            + "请回复数字评价：5非常满意 4满意 3基本满意 2不满意 1非常不满意，可在数字后附上意见。";

    private static SmsInvitation invitation(String itemName) {
        return new SmsInvitation("inv:P1", "P1", 1, "hall-01", "c-01", "k-01", "d", "ITEM-7", itemName, "440100",
                "h", "139****5678", "sealed", Instant.parse("2026-11-20T02:00:00Z"), Instant.parse("2026-11-27T16:00:00Z"));
    }

    @Test
    void fillsHallItemNameAndCaseNumber() {
        assertThat(new SmsInvitationText(DEFAULT_TEMPLATE).render(invitation("不动产登记")))
                .isEqualTo("【政务服务好差评】您在hall-01办理的“不动产登记”已办结（办件编号P1）。"
                        + "请回复数字评价：5非常满意 4满意 3基本满意 2不满意 1非常不满意，可在数字后附上意见。");
    }

    @Test
    void usesTheItemCodeWhenTheCaseHasNoItemName() {
        assertThat(new SmsInvitationText("{item}").render(invitation(""))).isEqualTo("ITEM-7");
    }

    @Test
    void fillsEachPlaceholderEveryTimeAndOnlyOnce() {
        SmsInvitationText text = new SmsInvitationText("{projectNo}/{projectNo} {hall} {other} $1 \\");
        assertThat(text.fill("{item}", "x", "P$1")).isEqualTo("P$1/P$1 {item} {other} $1 \\");
    }

    @Test
    void refusesABlankTemplate() {
        assertThatThrownBy(() -> new SmsInvitationText(" ")).hasMessage("sms.template must not be blank");
    }
}
