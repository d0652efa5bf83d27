package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagCatalogueTest {

    @Test
    void nationalCatalogueHasEightTagsPerLevel() {
        TagCatalogue tags = TagCatalogue.national();
        assertThat(tags.size()).isEqualTo(40);
        for (int level = 1; level <= 5; level++) {
            assertThat(tags.tagsOf(level)).hasSize(8).allMatch(t -> t.code().startsWith(String.valueOf(t.level())));
        }
        assertThat(tags.find("214").text()).isEqualTo("服务态度生硬");
    }

    @Test
    void levelsMapToTheNationalCodingInReverse() {
        assertThat(Level.of(5).nationalCode()).isEqualTo(1);
        assertThat(Level.of(1).nationalCode()).isEqualTo(5);
        assertThat(Level.of(2).isBad()).isTrue();
        assertThat(Level.of(3).isBad()).isFalse();
        assertThat(Level.fromChineseName("基本满意")).isEqualTo(Level.BASICALLY_SATISFIED);
    }
}
