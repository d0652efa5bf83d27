package org.haochaping.app.sms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.sms.SmsInvitation;

/**
 * The invitation text from {@code sms.template}, or for a 追评 invitation (assess number 2, after a 差评
 * was rectified) from {@code sms.rerateTemplate}: {@code {hall}}, {@code {item}} and {@code {projectNo}}
 * are filled in one pass, so a value that itself contains a placeholder is not expanded again.
 */
public final class SmsInvitationText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(hall|item|projectNo)}");

    private final String template;
    private final String rerateTemplate;

    /** One template for both the first invitation and the 追评 invitation. */
    public SmsInvitationText(String template) {
        this(template, template);
    }

    public SmsInvitationText(String template, String rerateTemplate) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("sms.template must not be blank");
        }
        if (rerateTemplate == null || rerateTemplate.isBlank()) {
            throw new IllegalArgumentException("sms.rerateTemplate must not be blank");
        }
        this.template = template;
        this.rerateTemplate = rerateTemplate;
    }

    public static SmsInvitationText fromConfig(HcpConfig.Sms sms) {
        return new SmsInvitationText(sms.template(), sms.rerateTemplate());
    }

    /**
     * The text for one invitation, from the 追评 template when it invites the 追评; the item is its name, or
     * its code when the case has no name.
     */
    public String render(SmsInvitation invitation) {
        String item = blank(invitation.itemName()) ? invitation.itemCode() : invitation.itemName();
        return fill(invitation.invitesRerate() ? rerateTemplate : template, invitation.hallId(), item,
                invitation.projectNo());
    }

    /** The first invitation's text for these values. */
    public String fill(String hall, String item, String projectNo) {
        return fill(template, hall, item, projectNo);
    }

    private static String fill(String template, String hall, String item, String projectNo) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "hall" -> hall;
                case "item" -> item;
                default -> projectNo;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
