package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void wholeCoresStayWholeAndFractionsAreMillicoresRoundedUp() {
        assertThat(Quantities.cpus(1.0)).hasToString("1");
        assertThat(Quantities.cpus(2)).hasToString("2");
        assertThat(Quantities.cpus(0.1)).hasToString("100m");
        assertThat(Quantities.cpus(1.5)).hasToString("1500m");
        assertThat(Quantities.cpus(0.0001)).hasToString("1m");
        assertThat(Quantities.cpus(new BigDecimal("1.0"))).hasToString("1");
        assertThat(Quantities.cpus(new BigDecimal("0.01"))).hasToString("10m");
        assertThat(Quantities.cpus(new BigDecimal("0.0105"))).hasToString("11m");
    }

    @Test
    void wholeMebibytesStayMiAndFractionsAreKibRoundedUp() {
        assertThat(Quantities.mebibytes(512)).hasToString("512Mi");
        assertThat(Quantities.mebibytes(new BigDecimal("32.0"))).hasToString("32Mi");
        assertThat(Quantities.mebibytes(0.5)).hasToString("512Ki");
        assertThat(Quantities.mebibytes(new BigDecimal("1.0001"))).hasToString("1025Ki");
    }

    @Test
    void nodeAllocatableReadsBackInCoresAndMebibytes() {
        assertThat(Quantities.cores(new Quantity("3500m"))).isEqualTo(3.5);
        assertThat(Quantities.cores(new Quantity("4"))).isEqualTo(4.0);
        assertThat(Quantities.mebibytes(new Quantity("1Gi"))).isEqualTo(1024.0);
        assertThat(Quantities.mebibytes(new Quantity("1048576"))).isEqualTo(1.0);
        assertThat(Quantities.mebibytes(new Quantity("512Ki"))).isEqualTo(0.5);
        assertThat(Quantities.cores(null)).isZero();
        assertThat(Quantities.mebibytes((Quantity) null)).isZero();
    }

    @Test
    void whatAMesosTaskHadIsWhatTheContainerGetsBack() {
        for (double cpus : new double[] {0.001, 0.1, 0.25, 1, 1.5, 64}) {
            assertThat(Quantities.cores(Quantities.cpus(cpus))).isEqualTo(cpus);
        }
        for (double mem : new double[] {0.5, 1, 32, 512, 1536.25}) {
            assertThat(Quantities.mebibytes(Quantities.mebibytes(mem))).isEqualTo(mem);
        }
    }

    @Test
    void notANumberInfiniteAndNegativeAmountsAreRejectedByValue() {
        assertThatThrownBy(() -> Quantities.cpus(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Quantities.mebibytes(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Quantities.cpus(-0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.5");
        assertThatThrownBy(() -> Quantities.mebibytes(new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
