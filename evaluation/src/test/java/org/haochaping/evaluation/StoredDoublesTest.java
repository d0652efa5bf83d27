package org.haochaping.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredDoublesTest {

    @Test
    void aShortDecimalParsedOneOrTwoUnitsOffComesBackAsWritten() {
        // what chDB 26.5 stores for "6.94" and "5.69" (seen in a 10-million-rating month)
        assertThat(StoredDoubles.asWritten(6.9399999999999995)).isEqualTo(6.94);
        assertThat(StoredDoubles.asWritten(5.6899999999999995)).isEqualTo(5.69);
        for (double written : List.of(6.94, 95.94, 0.8, 1.2, 0.05, 100.0, 59.99, 1234.56, -3.5)) {
            for (double stored : List.of(written, Math.nextUp(written), Math.nextDown(written),
                    Math.nextUp(Math.nextUp(written)), Math.nextDown(Math.nextDown(written)))) {
                assertThat(StoredDoubles.asWritten(stored)).as("%s stored as %s", written, stored).isEqualTo(written);
            }
        }
    }

    @Test
    void aDoubleWithoutAShorterNeighbourStaysAsItIs() {
        // (a long double within two units of a short one, such as 0.1 + 0.2, would become the short one: results
        // never hold such doubles, they are rounded to two places)
        assertThat(StoredDoubles.asWritten(1.0 / 3)).isEqualTo(1.0 / 3);
        assertThat(StoredDoubles.asWritten(Math.PI)).isEqualTo(Math.PI);
        assertThat(StoredDoubles.asWritten(0.0)).isEqualTo(0.0);
        assertThat(StoredDoubles.asWritten(Double.NaN)).isNaN();
    }
}
