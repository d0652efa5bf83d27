package org.haochaping.app.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.sms.SmsInvitation;
import org.junit.jupiter.api.Test;

class SmsInvitationTextTest {

    private static final String DEFAULT_TEMPLATE = "【政务服务好差评】您在{hall}办理的“{item}”已办结（办件编号{projectNo}）。"
            + "请回复数字评价：5非常满意 4满意 3基本满意 2不满意 1非常不满意，可在数字后附上意见。";

    private static final String RERATE_TEMPLATE = "【政务服务好差评】您对在{hall}办理的“{item}”（办件编号{projectNo}）的差评，"
            + "我们已完成整改。欢迎再次评价：回复数字 5非常满意 4满意 3基本满意 2不满意 1非常不满意，可在数字后附上意见。";

    private static SmsInvitation invitation(String itemName) {
        return invitation(itemName, 1);
    }

    private static SmsInvitation invitation(String itemName, int assessNumber) {
        return new SmsInvitation(SmsInvitation.idFor("P1", assessNumber), "P1", assessNumber, "hall-01", "c-01", "k-01", "d", "ITEM-7", itemName, "440100",
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
    void aRerateInvitationUsesTheRerateTemplate() {
        SmsInvitationText text = SmsInvitationText.fromConfig(ConfigLoader.defaults().sms());
        assertThat(text.render(invitation("不动产登记", 2)))
                .isEqualTo("【政务服务好差评】您对在hall-01办理的“不动产登记”（办件编号P1）的差评，我们已完成整改。"
                        + "欢迎再次评价：回复数字 5非常满意 4满意 3基本满意 2不满意 1非常不满意，可在数字后附上意见。");
        assertThat(text.render(invitation("不动产登记", 1))).isEqualTo(new SmsInvitationText(DEFAULT_TEMPLATE)
                .render(invitation("不动产登记")));
        assertThat(new SmsInvitationText("first {projectNo}", "again {projectNo}").render(invitation("x", 2)))
                .isEqualTo("again P1");
        assertThat(ConfigLoader.defaults().sms().rerateTemplate()).isEqualTo(RERATE_TEMPLATE);
    }

    @Test
    void refusesABlankTemplate() {
        assertThatThrownBy(() -> new SmsInvitationText(" ")).hasMessage("sms.template must not be blank");
        assertThatThrownBy(() -> new SmsInvitationText("t", "")).hasMessage("sms.rerateTemplate must not be blank");
    }
}
