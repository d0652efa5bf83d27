package org.haochaping.app.sms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.model.sms.SmsInvitation;

/**
 * The invitation text from {@code sms.template}: {@code {hall}}, {@code {item}} and {@code {projectNo}}
 * are filled in one pass, so a value that itself contains a placeholder is not expanded again.
 */
public final class SmsInvitationText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(hall|item|projectNo)}");

    private final String template;

    public SmsInvitationText(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("sms.template must not be blank");
        }
        this.template = template;
    }

    /** The text for one invitation; the item is its name, or its code when the case has no name. */
    public String render(SmsInvitation invitation) {
        String item = blank(invitation.itemName()) ? invitation.itemCode() : invitation.itemName();
        return fill(invitation.hallId(), item, invitation.projectNo());
    }

    public String fill(String hall, String item, String projectNo) {
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
