package io.mesosbridge.operator.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MasterIdentityTest {

    @Test
    void masterInfoIpPutsTheFirstOctetInTheLowestByteAsMesosDoes() {
        assertThat(MasterIdentity.networkOrderIp("127.0.0.1")).isEqualTo(16777343);
        assertThat(MasterIdentity.networkOrderIp("10.0.0.2")).isEqualTo(0x0200000A);
    }
}
