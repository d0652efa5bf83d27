package org.haochaping.model.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.haochaping.model.sms.SmsReplyParser.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsReplyParserTest {

    private static final String NO_LEVEL = "no level found: expected a digit 1-5 or a level name such as 满意";

    /** An unparseable reply has level 0, no comment, and an error saying why. */
    @ParameterizedTest(name = "[{0}] → {1} [{2}] {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "1           | 1 | ''       | -",
        "2           | 2 | ''       | -",
        "3           | 3 | ''       | -",
        "4           | 4 | ''       | -",
        "5           | 5 | ''       | -",
        "5 很好       | 5 | 很好      | -",
        "5很好        | 5 | 很好      | -",
        "５          | 5 | ''       | -",
        "２，太慢了    | 2 | 太慢了    | -",
        "2，太慢了     | 2 | 太慢了    | -",
        "' 3 '       | 3 | ''       | -",
        "'4　 , 挺快'  | 4 | 挺快      | -",
        "非常满意      | 5 | ''       | -",
        "很满意       | 5 | ''       | -",
        "满意         | 4 | ''       | -",
        "基本满意      | 3 | ''       | -",
        "不满意 等太久  | 2 | 等太久    | -",
        "非常不满意    | 1 | ''       | -",
        "很不满意，窗口没人 | 1 | 窗口没人 | -",
        "''          | 0 | ''       | empty reply",
        "'   '       | 0 | ''       | empty reply",
        "6           | 0 | ''       | level 6 is not between 1 and 5",
        "0           | 0 | ''       | level 0 is not between 1 and 5",
        "12          | 0 | ''       | reply starts with the number '12', expected a single digit 1-5",
        "１２         | 0 | ''       | reply starts with the number '12', expected a single digit 1-5",
        "你好         | 0 | ''       | " + NO_LEVEL,
        "TD          | 0 | ''       | " + NO_LEVEL,
    })
    void readsLevelAndCommentOrSaysWhyNot(String text, int level, String comment, String error) {
        Parsed parsed = SmsReplyParser.parse(text);
        assertThat(parsed).isEqualTo(new Parsed(level, comment, error));
        assertThat(parsed.ok()).isEqualTo(error == null);
    }

    @Test
    void missingTextIsEmpty() {
        assertThat(SmsReplyParser.parse(null)).isEqualTo(new Parsed(0, "", "empty reply"));
    }
}
