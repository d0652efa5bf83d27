package org.haochaping.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void parsesIpv4AndIpv6Rows() throws Exception {
        assumeTrue(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(ListeningSockets.parseAddress("0100007F:1F90"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
        assertThat(ListeningSockets.parseAddress("00000000:0050"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 80));
        assertThat(ListeningSockets.parseAddress("0000000000000000FFFF00000100007F:1F90"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
        assertThat(ListeningSockets.parseAddress("00000000000000000000000001000000:0016"))
            .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 22));
        assertThat(ListeningSockets.parseAddress("00000000000000000000000000000000:0016").getAddress().isAnyLocalAddress())
            .isTrue();
    }

    @Test
    void seesALoopbackServerSocketOfThisProcess() throws Exception {
        assumeTrue(ListeningSockets.supported());
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(ListeningSockets.ofThisProcess())
                .contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), socket.getLocalPort()));
        }
    }

    @Test
    void flagsAWildcardBind() throws Exception {
        assumeTrue(ListeningSockets.supported());
        try (ServerSocket socket = new ServerSocket(0, 1)) { // every interface, closed right away
            assertThat(ListeningSockets.notBoundTo("127.0.0.1"))
                .anySatisfy(a -> {
                    assertThat(a.getPort()).isEqualTo(socket.getLocalPort());
                    assertThat(a.getAddress().isAnyLocalAddress()).isTrue();
                });
        }
        assertThat(ListeningSockets.notBoundTo("127.0.0.1")).isEmpty();
    }
}
