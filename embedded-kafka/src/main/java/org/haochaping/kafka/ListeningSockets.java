package org.haochaping.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM is listening on, read from Linux's {@code /proc}: the inodes of the
 * process' open sockets ({@code /proc/self/fd} links {@code socket:[inode]}) matched against the
 * LISTEN rows of {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 *
 * <p>Tests use it to prove that a component binds only to 127.0.0.1:
 * <pre>{@code
 * assertThat(ListeningSockets.ofThisProcess())
 *     .isNotEmpty()
 *     .allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
 * }</pre>
 * Linux only: check {@link #supported()} first (e.g. with JUnit's {@code assumeTrue}).
 */
public final class ListeningSockets {

    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final Path PROC_NET_TCP6 = Path.of("/proc/net/tcp6");
    private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");
    /** The {@code st} column value of a socket in state TCP_LISTEN. */
    private static final String TCP_LISTEN = "0A";

    private ListeningSockets() {
    }

    /** True where {@code /proc} exposes sockets the way this class reads them (Linux). */
    public static boolean supported() {
        return Files.isReadable(PROC_NET_TCP) && Files.isDirectory(PROC_SELF_FD);
    }

    /**
     * The local address of every TCP socket in LISTEN state owned by this process, IPv4 and IPv6
     * (a wildcard bind shows as 0.0.0.0 or ::).
     *
     * @throws UnsupportedOperationException when not {@link #supported()}
     */
    public static List<InetSocketAddress> ofThisProcess() {
        if (!supported()) {
            throw new UnsupportedOperationException("/proc/net/tcp is not available on this system");
        }
        Set<String> inodes = socketInodesOfThisProcess();
        List<InetSocketAddress> result = new ArrayList<>();
        result.addAll(listening(PROC_NET_TCP, inodes));
        if (Files.isReadable(PROC_NET_TCP6)) {
            result.addAll(listening(PROC_NET_TCP6, inodes));
        }
        return List.copyOf(result);
    }

    /** The listening sockets of this process whose address is not exactly {@code host}. */
    public static List<InetSocketAddress> notBoundTo(String host) {
        InetAddress expected;
        try {
            expected = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
        return ofThisProcess().stream().filter(a -> !a.getAddress().equals(expected)).toList();
    }

    private static Set<String> socketInodesOfThisProcess() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue; // closed meanwhile, or the directory stream's own descriptor
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    private static List<InetSocketAddress> listening(Path table, Set<String> inodes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<InetSocketAddress> result = new ArrayList<>();
        // header: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        for (int i = 1; i < lines.size(); i++) {
            String[] cols = lines.get(i).trim().split("\\s+");
            if (cols.length < 10 || !TCP_LISTEN.equals(cols[3]) || !inodes.contains(cols[9])) {
                continue;
            }
            result.add(parseAddress(cols[1]));
        }
        return result;
    }

    /**
     * Parses {@code 0100007F:1F90} (IPv4) or a 32-hex-digit IPv6 address and a port. The address
     * is printed as 32-bit words in host byte order (little-endian on x86 and arm64); the port in
     * plain hex.
     */
    static InetSocketAddress parseAddress(String hexAddressAndPort) {
        int colon = hexAddressAndPort.indexOf(':');
        String hex = hexAddressAndPort.substring(0, colon);
        int port = Integer.parseInt(hexAddressAndPort.substring(colon + 1), 16);
        byte[] bytes = new byte[hex.length() / 2];
        boolean littleEndian = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int src = word * 4 + (littleEndian ? 3 - b : b);
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(src * 2, src * 2 + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + hexAddressAndPort, e);
        }
    }
}
