package org.medbroker.connectors.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PeerFilterTest {

    private static InetAddress at(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @Test
    void anEmptyListAllowsEveryPeer() throws Exception {
        assertThat(new PeerFilter("").allows(at("203.0.113.9"))).isTrue();
    }

    @Test
    void matchesCidrBlocksAndSingleAddresses() throws Exception {
        PeerFilter filter = new PeerFilter("10.0.5.0/24, 192.168.1.20");
        assertThat(filter.allows(at("10.0.5.77"))).isTrue();
        assertThat(filter.allows(at("10.0.6.1"))).isFalse();
        assertThat(filter.allows(at("192.168.1.20"))).isTrue();
        assertThat(filter.allows(at("192.168.1.21"))).isFalse();
        assertThat(filter.allows(at("::1"))).isFalse();
    }

    @Test
    void refusesEntriesThatAreNotAddressesOrBlocks() {
        assertThatThrownBy(() -> new PeerFilter("10.0.0.0/40")).hasMessageStartingWith("MB-0203");
    }
}
