package org.haochaping.ingest;

import java.util.Set;
import org.haochaping.model.Level;
import org.haochaping.model.TagCatalogue;

/**
 * The QR page's HTML, rendered on the server: small, no external assets, works without JavaScript
 * (a few inline lines only hide the tag groups of the levels not chosen).
 *
 * <p>Stable hooks for browser tests (shared with the evaluator page where they mean the same):
 * <ul>
 *   <li>{@code body[data-page]}: {@code qr-form}, {@code qr-thanks}, {@code qr-notice}</li>
 *   <li>{@code #rating-form}; level radios {@code input[name=level][data-level="1".."5"]} (ids
 *       {@code level-N}); tag checkboxes {@code input[name=tag][data-tag="501"]} (ids {@code tag-501})
 *       inside {@code fieldset[data-tags-level="N"]} (ids {@code tags-N}); {@code #comment};
 *       {@code #submit}; hidden {@code input[name=ratingId]}</li>
 *   <li>{@code #item-name}, {@code #project-no}; {@code #error} (role=alert) when the form comes back</li>
 *   <li>{@code #thanks} on the thank-you page; {@code #notice[data-notice=forged|expired|used|no-pending|unavailable]};
 *       the evaluator page's refusal is {@code body[data-page=kiosk-notice]} with {@code #notice[data-notice=unpaired]}</li>
 * </ul>
 */
final class QrPageHtml {

    /** The plain pages for a token that leads to no form. */
    enum Notice {
        FORGED("forged", "二维码无效", "该二维码无法识别，请向窗口工作人员索取新的评价二维码。"),
        EXPIRED("expired", "二维码已过期", "该评价二维码已超过有效期，感谢您的关注。"),
        USED("used", "该办件已评价", "该办件已经评价过了，请勿重复评价。感谢您的参与！"),
        NO_PENDING("no-pending", "当前窗口暂无待评价的办件",
                "当前窗口暂无待评价的办件。请在工作人员为您办结业务后再扫码评价。"),
        UNAVAILABLE("unavailable", "系统繁忙", "评价暂时无法提交，请稍后返回本页重新提交。"),
        /** The evaluator page opened without its counter's pairing key (see {@link KioskPages}). */
        UNPAIRED("unpaired", "评价器未授权",
                "本评价器未获授权，无法显示待评价的办件。请在窗口平板上打开管理员用 ./hcp qr 打印的评价器地址。");

        final String id;
        final String title;
        final String text;

        Notice(String id, String title, String text) {
            this.id = id;
            this.title = title;
            this.text = text;
        }
    }

    /** What the form shows and, when it comes back with an error, what the citizen had chosen. */
    record Form(RateableCase rateable, String ratingId, Integer level, Set<String> tagCodes, String comment,
                String error) {}

    private static final String STYLE = """
            *{box-sizing:border-box}body{margin:0;font:18px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;\
            color:#111;background:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}\
            fieldset{border:2px solid #333;border-radius:.5rem;margin:0 0 1rem;padding:.5rem}legend{font-weight:700;padding:0 .25rem}\
            label.choice{display:flex;align-items:center;gap:.75rem;min-height:48px;padding:.25rem .5rem;border-radius:.25rem}\
            label.choice:hover{background:#eef}input[type=radio],input[type=checkbox]{width:28px;height:28px;flex:none}\
            textarea{width:100%;font:inherit;border:2px solid #333;border-radius:.25rem;padding:.5rem}\
            button{display:block;width:100%;min-height:56px;margin-top:1rem;font:inherit;font-weight:700;color:#fff;\
            background:#0b4fa8;border:0;border-radius:.5rem}button:focus,input:focus,textarea:focus{outline:3px solid #f90;\
            outline-offset:2px}#error{border:2px solid #b00020;color:#b00020;background:#fff5f5;padding:.5rem;\
            border-radius:.25rem}.hint{color:#333}""";

    private static final String SHOW_CHOSEN_LEVEL_TAGS = """
            (function(){var f=document.getElementById('rating-form');if(!f)return;function show(){\
            var c=f.querySelector('input[name=level]:checked'),v=c?c.value:'',g=f.querySelectorAll('fieldset[data-tags-level]');\
            for(var i=0;i<g.length;i++){var on=g[i].getAttribute('data-tags-level')===v;g[i].hidden=!on;if(!on){\
            var b=g[i].querySelectorAll('input');for(var j=0;j<b.length;j++)b[j].checked=false;}}}\
            f.addEventListener('change',function(e){if(e.target.name==='level')show();});show();})();""";

    private final int maxCommentChars;

    QrPageHtml(int maxCommentChars) {
        this.maxCommentChars = maxCommentChars;
    }

    String form(Form form) {
        RateableCase c = form.rateable();
        StringBuilder b = new StringBuilder(8192);
        if (c.token().assessNumber() == 2) {
            // a 追评 code is only issued after the supervisor recorded the rectification of this 差评
            b.append("<h1>再次评价（追评）</h1><p id=\"rerate\" class=\"hint\">您对本办件的差评已完成整改，欢迎再次评价。</p>");
        } else {
            b.append("<h1>服务评价</h1>");
        }
        if (!c.itemName().isEmpty()) {
            b.append("<p id=\"item-name\">办理事项：").append(escape(c.itemName())).append("</p>");
        }
        b.append("<p id=\"project-no\">办件编号：").append(escape(c.token().projectNo())).append("</p>");
        if (form.error() != null) {
            b.append("<p id=\"error\" role=\"alert\">").append(escape(form.error())).append("</p>");
        }
        b.append("<form id=\"rating-form\" method=\"post\" accept-charset=\"utf-8\" action=\"")
                .append(QrPages.PATH_PREFIX).append(escape(c.caseToken())).append("\">")
                .append("<input type=\"hidden\" name=\"ratingId\" value=\"").append(escape(form.ratingId())).append("\">")
                .append("<fieldset id=\"levels\"><legend>请选择您的满意程度</legend>");
        for (int level = 5; level >= 1; level--) {
            b.append("<label class=\"choice\" for=\"level-").append(level).append("\"><input type=\"radio\" name=\"level\" id=\"level-")
                    .append(level).append("\" value=\"").append(level).append("\" data-level=\"").append(level).append('"')
                    .append(Integer.valueOf(level).equals(form.level()) ? " checked" : "").append(" required>")
                    .append(Level.of(level).chineseName()).append("</label>");
        }
        b.append("</fieldset>");
        for (int level = 5; level >= 1; level--) {
            b.append("<fieldset class=\"tags\" id=\"tags-").append(level).append("\" data-tags-level=\"").append(level)
                    .append("\"><legend>").append(Level.of(level).chineseName()).append("：请选择评价标签（可多选）</legend>");
            for (TagCatalogue.Tag tag : TagCatalogue.national().tagsOf(level)) {
                b.append("<label class=\"choice\" for=\"tag-").append(tag.code()).append("\"><input type=\"checkbox\" name=\"tag\" id=\"tag-")
                        .append(tag.code()).append("\" value=\"").append(tag.code()).append("\" data-tag=\"").append(tag.code()).append('"')
                        .append(form.tagCodes().contains(tag.code()) ? " checked" : "").append('>')
                        .append(escape(tag.text())).append("</label>");
            }
            b.append("</fieldset>");
        }
        b.append("<label for=\"comment\">意见或建议（选填）</label>")
                .append("<p class=\"hint\" id=\"comment-hint\">选择“不满意”或“非常不满意”时，请至少选择一个标签或填写意见。</p>")
                .append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"").append(maxCommentChars)
                .append("\" aria-describedby=\"comment-hint\">").append(escape(form.comment() == null ? "" : form.comment()))
                .append("</textarea>")
                .append("<button type=\"submit\" id=\"submit\" data-test=\"submit\">提交评价</button></form>")
                .append("<script>").append(SHOW_CHOSEN_LEVEL_TAGS).append("</script>");
        return page("服务评价", "qr-form", b.toString());
    }

    String thanks() {
        return page("感谢您的评价", "qr-thanks",
                "<div id=\"thanks\" data-test=\"thanks\" role=\"status\"><h1>感谢您的评价</h1>"
                        + "<p>您的评价已提交，我们将持续改进政务服务。</p></div>");
    }

    String notice(Notice notice) {
        return notice("qr-notice", notice);
    }

    /** A notice page; {@code pageId} tells which page refused ({@code qr-notice}, {@code kiosk-notice}). */
    static String notice(String pageId, Notice notice) {
        return page(notice.title, pageId, "<div id=\"notice\" data-notice=\"" + notice.id + "\" data-test=\"notice-"
                + notice.id + "\" role=\"status\"><h1>" + notice.title + "</h1><p>" + notice.text + "</p></div>");
    }

    private static String page(String title, String pageId, String main) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + title + "</title><style>" + STYLE + "</style></head>"
                + "<body data-page=\"" + pageId + "\"><main>" + main + "</main></body></html>";
    }

    /** Text and attribute values: the five characters that could break out of either. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
