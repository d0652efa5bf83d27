package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneProtectorTest {

    @Test
    void masksAndNormalizes() {
        assertThat(PhoneProtector.normalize("+86 138 1234 5678")).isEqualTo("13812345678");
        assertThat(PhoneProtector.normalize("12812345678")).isNull();
        assertThat(PhoneProtector.mask("13812345678")).isEqualTo("138****5678");
    }

    @Test
    void hashIsKeyed() {
        String a = new PhoneProtector("key-number-one-0001").hash("13812345678");
        String b = new PhoneProtector("key-number-two-0002").hash("13812345678");
        assertThat(a).hasSize(64).isNotEqualTo(b);
        assertThat(new PhoneProtector("key-number-one-0001").hash("13812345678")).isEqualTo(a);
        assertThatThrownBy(() -> new PhoneProtector("short")).hasMessageContaining("16 characters");
    }
}
