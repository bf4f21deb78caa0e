package dev.hlas.api;

import dev.hlas.config.AddressRange;
import dev.hlas.testing.Await;
import dev.hlas.testing.TestEngine;
import dev.hlas.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Who counts as one client for the per-client limit: its API key, else its address (behind trusted proxies too). */
class ClientIdentityTest {
    @TempDir
    Path home;

    @Test
    void behind_a_trusted_proxy_each_forwarded_address_is_its_own_client() throws Exception {
        TestEngine engine = new TestEngine("held", 4);
        try (TestServer server = TestServer.start(home, s -> s.withMaxStreamsPerClient(1)
                .withTrustedProxies(AddressRange.parseList("127.0.0.0/8, ::1")), engine)) {
            engine.hold();
            CompletableFuture<HttpResponse<String>> first = send(server, engine, "203.0.113.7", null);
            Await.until("engine.running() == 1", Duration.ofSeconds(10), () -> engine.running() == 1);
            CompletableFuture<HttpResponse<String>> other = send(server, engine, "203.0.113.8", null);
            Await.until("engine.running() == 2", Duration.ofSeconds(10), () -> engine.running() == 2);
            // The same user again, and a user who claims someone else's address to the proxy: the proxy appended the
            // address it saw, which is what counts.
            assertThat(send(server, engine, "203.0.113.7", null).get().statusCode()).isEqualTo(429);
            assertThat(send(server, engine, "203.0.113.8, 203.0.113.7", null).get().statusCode()).isEqualTo(429);
            engine.release();
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(other.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void without_trusted_proxies_forwarded_for_is_ignored() throws Exception {
        TestEngine engine = new TestEngine("held", 4);
        try (TestServer server = TestServer.start(home, s -> s.withMaxStreamsPerClient(1), engine)) {
            engine.hold();
            CompletableFuture<HttpResponse<String>> first = send(server, engine, "203.0.113.7", null);
            Await.until("engine.running() == 1", Duration.ofSeconds(10), () -> engine.running() == 1);
            assertThat(send(server, engine, "203.0.113.8", null).get().statusCode()).isEqualTo(429);
            engine.release();
            assertThat(first.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void with_api_keys_each_key_is_its_own_client_whatever_the_address() throws Exception {
        TestEngine engine = new TestEngine("held", 4);
        try (TestServer server = TestServer.start(home, s -> s.withMaxStreamsPerClient(1)
                .withApiKeys(List.of("sk-one", "sk-two")), engine)) {
            engine.hold();
            CompletableFuture<HttpResponse<String>> one = send(server, engine, null, "sk-one");
            Await.until("engine.running() == 1", Duration.ofSeconds(10), () -> engine.running() == 1);
            CompletableFuture<HttpResponse<String>> two = send(server, engine, null, "sk-two");
            Await.until("engine.running() == 2", Duration.ofSeconds(10), () -> engine.running() == 2);
            assertThat(send(server, engine, null, "sk-one").get().statusCode()).isEqualTo(429);
            engine.release();
            assertThat(one.get().statusCode()).isEqualTo(200);
            assertThat(two.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_client_is_the_right_most_address_that_is_not_a_trusted_proxy() {
        List<AddressRange> proxies = AddressRange.parseList("10.0.0.0/8,192.168.1.1");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("1.1.1.1, 2.2.2.2, 10.9.9.9"), proxies))
                .isEqualTo("2.2.2.2");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("1.1.1.1", "2.2.2.2:4711"), proxies)).isEqualTo("2.2.2.2");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("[2001:db8::1]:80"), proxies)).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("10.0.0.9, 192.168.1.1"), proxies)).isEqualTo("10.0.0.9");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("nonsense, 10.0.0.9"), proxies)).isEqualTo("10.0.0.9");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of(), proxies)).isEqualTo("10.1.2.3");
        // Not from a trusted proxy: the header is the client's own claim.
        assertThat(ClientAddress.resolve("8.8.8.8", List.of("1.1.1.1"), proxies)).isEqualTo("8.8.8.8");
        assertThat(ClientAddress.resolve("10.1.2.3", List.of("1.1.1.1"), List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void address_ranges_match_by_prefix() throws Exception {
        AddressRange block = AddressRange.parse("10.20.0.0/14");
        assertThat(block.contains(InetAddress.ofLiteral("10.23.255.1"))).isTrue();
        assertThat(block.contains(InetAddress.ofLiteral("10.24.0.1"))).isFalse();
        assertThat(block.contains(InetAddress.ofLiteral("::1"))).isFalse();
        assertThat(AddressRange.parse("fd00::/8").contains(InetAddress.ofLiteral("fd12::5"))).isTrue();
        assertThat(AddressRange.parse("127.0.0.1").contains(InetAddress.ofLiteral("::ffff:127.0.0.1"))).isTrue();
        assertThat(AddressRange.parse("10.20.30.40/14")).isEqualTo(block);
    }

    private static CompletableFuture<HttpResponse<String>> send(TestServer server, TestEngine engine,
                                                                String forwardedFor, String key) {
        HttpRequest.Builder b = server.speechRequest(TestServer.speechJson(engine.voiceId(), "Hello there.", "wav"))
                .header("Cache-Control", "no-store");
        if (forwardedFor != null) b.header("X-Forwarded-For", forwardedFor);
        if (key != null) b.header("Authorization", "Bearer " + key);
        return server.http().sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
