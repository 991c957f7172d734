package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.profile.ColumnProfile;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.NumericSummary;

/** Profiles of the same rows read in parts and in one pass must agree in everything a drift check uses. */
final class ProfileAssertions {
    private ProfileAssertions() {
    }

    /** Same rows, columns, counts, exact values or bins and categories; standard deviations to rounding. */
    static void assertSameProfile(DatasetProfile merged, DatasetProfile whole) {
        assertThat(merged.rows()).isEqualTo(whole.rows());
        assertThat(merged.columnNames()).isEqualTo(whole.columnNames());
        for (String name : whole.columnNames()) {
            ColumnProfile m = merged.column(name).orElseThrow();
            ColumnProfile w = whole.column(name).orElseThrow();
            assertThat(m.kind()).as(name).isEqualTo(w.kind());
            assertThat(m.missing()).as(name).isEqualTo(w.missing());
            assertThat(m.bad()).as(name).isEqualTo(w.bad());
            if (w.categorical() != null) {
                assertThat(m.categorical()).as(name).isEqualTo(w.categorical());
                continue;
            }
            NumericSummary mn = m.numeric();
            NumericSummary wn = w.numeric();
            assertThat(mn.count()).as(name).isEqualTo(wn.count());
            assertThat(mn.exact()).as(name).isEqualTo(wn.exact());
            if (wn.exact()) {
                assertThat(mn.sortedValues()).as(name).containsExactly(wn.sortedValues());
            } else {
                assertThat(mn.bins().grid()).isEqualTo(wn.bins().grid());
                assertThat(mn.bins().interior()).containsExactly(wn.bins().interior());
                assertThat(mn.bins().lowerTail()).containsExactly(wn.bins().lowerTail());
                assertThat(mn.bins().upperTail()).containsExactly(wn.bins().upperTail());
            }
            assertThat(Math.abs(mn.std() - wn.std())).as(name).isLessThanOrEqualTo(1e-10 * wn.std());
        }
    }
}
