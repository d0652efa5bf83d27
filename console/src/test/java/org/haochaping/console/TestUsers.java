package org.haochaping.console;

import java.util.List;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.ConsoleRole;

/** The console users of the tests, their tokens, and a configuration that knows them. */
final class TestUsers {

    record User(String id, ConsoleRole role, List<String> halls, String token) {
        Principal principal() {
            return new Principal(id, role, halls);
        }
    }

    static final User SUPERVISOR_H1 = new User("sup-h1", ConsoleRole.SUPERVISOR, List.of("H1"), "token-supervisor-h1-7f3a");
    static final User SUPERVISOR_H2 = new User("sup-h2", ConsoleRole.SUPERVISOR, List.of("H2"), "token-supervisor-h2-91c2");
    static final User SUPERVISOR_ALL = new User("sup-all", ConsoleRole.SUPERVISOR, List.of("*"), "token-supervisor-all-5d0e");
    static final User AUDITOR_H1 = new User("aud-h1", ConsoleRole.AUDITOR, List.of("H1"), "token-auditor-h1-22b8");
    static final User CLERK_K7 = new User("K7", ConsoleRole.CLERK, List.of("H1"), "token-clerk-k7-a4e1");
    static final User CLERK_K8 = new User("K8", ConsoleRole.CLERK, List.of("H1"), "token-clerk-k8-6c3d");
    static final List<User> ALL = List.of(SUPERVISOR_H1, SUPERVISOR_H2, SUPERVISOR_ALL, AUDITOR_H1, CLERK_K7, CLERK_K8);

    static final String QR_SECRET = "test-qr-secret-0123456789";
    static final String PUBLIC_BASE_URL = "https://hcp.example.gov.cn/";

    private TestUsers() {}

    /** Loopback, any free console port, test secrets, every test user; {@code extra} overrides keys. */
    static HcpConfig config(Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>();
        overrides.put("console.port", "0");
        overrides.put("http.kafkaTimeout", "1500ms");
        overrides.put("http.retryAfterSeconds", "7");
        overrides.put("security.phoneHashKey", "test-phone-hash-key-0123456789");
        overrides.put("security.qrSecret", QR_SECRET);
        overrides.put("qr.publicBaseUrl", PUBLIC_BASE_URL);
        overrides.putAll(extra);
        HcpConfig config = ConfigLoader.load(null, Map.of(), overrides);
        for (User u : ALL) {
            config = config.withConsoleUser(u.id(), u.role(), u.halls(), u.token());
        }
        return config;
    }
}
