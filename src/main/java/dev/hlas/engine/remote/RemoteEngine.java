package dev.hlas.engine.remote;

import dev.hlas.engine.BackendStatus;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Voices of other speech servers. Upstream {@code gpu}'s voice {@code alloy} is the voice {@code gpu:alloy}; a
 * sentence for it goes to {@code gpu} first and, when that fails before any of the sentence's audio arrived, to the
 * other upstreams that serve {@code alloy} in that language, by priority (see {@link RemoteVoice}).
 */
public final class RemoteEngine implements SpeechEngine {
    private static final Logger log = LoggerFactory.getLogger(RemoteEngine.class);
    public static final String ID = "remote";
    /** The rate asked of every upstream: OpenAI's {@code pcm} is 16-bit mono at 24 kHz. */
    static final int SAMPLE_RATE = 24_000;
    private final RemoteSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Map<String, Breaker> breakers = new LinkedHashMap<>();

    RemoteEngine(RemoteSettings settings) {
        this.settings = settings;
        for (Upstream u : settings.upstreams()) breakers.put(u.name(), new Breaker(u));
        Duration connect = settings.upstreams().stream().map(Upstream::timeout).max(Duration::compareTo)
                .orElse(UpstreamsFile.DEFAULT_TIMEOUT);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hlas-remote-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String id() {
        return ID;
    }

    /** The listed voices of every upstream ({@code "*"} upstreams list none: any name is accepted). */
    @Override
    public List<VoiceInfo> voices() {
        List<VoiceInfo> out = new ArrayList<>();
        for (Upstream u : settings.upstreams()) {
            for (String v : u.voices().stream().sorted().toList()) out.add(info(u, v));
        }
        return out;
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        int colon = voiceId.indexOf(':');
        if (colon <= 0 || colon == voiceId.length() - 1) return Optional.empty();
        String name = voiceId.substring(0, colon);
        String voice = voiceId.substring(colon + 1);
        for (Upstream u : settings.upstreams()) {
            if (u.name().equals(name) && u.serves(voice)) {
                return Optional.of(new RemoteVoice(info(u, voice), u, voice, candidates(u, voice), this));
            }
        }
        return Optional.empty();
    }

    /** {@code first}, then the other upstreams serving {@code voice}, lower priority first. */
    private List<Upstream> candidates(Upstream first, String voice) {
        List<Upstream> out = new ArrayList<>(List.of(first));
        for (Upstream u : settings.byPriority()) if (u != first && u.serves(voice)) out.add(u);
        return out;
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService watchdog() {
        return watchdog;
    }

    Breaker breaker(Upstream upstream) {
        return breakers.get(upstream.name());
    }

    /** {@code candidates} with the open-breaker upstreams moved to the end, each group in its order. */
    List<Upstream> healthyFirst(List<Upstream> candidates) {
        List<Upstream> out = new ArrayList<>();
        for (Upstream u : candidates) if (!breaker(u).isOpen()) out.add(u);
        for (Upstream u : candidates) if (breaker(u).isOpen()) out.add(u);
        return out;
    }

    /** Counts a failure; when it opens the breaker, probes the upstream every cooldown until it answers. */
    void failed(Upstream upstream, boolean afterAudio) {
        if (breaker(upstream).failed(afterAudio)) {
            log.warn("{} failed {} times in a row: tried last from now on, probed every {} ms", upstream,
                    upstream.breakerFailures(), upstream.breakerCooldown().toMillis());
            scheduleProbe(upstream);
        }
    }

    private void scheduleProbe(Upstream upstream) {
        if (watchdog.isShutdown()) return;
        watchdog.schedule(() -> Thread.ofVirtual().name("hlas-probe-" + upstream.name()).start(() -> probe(upstream)),
                upstream.breakerCooldown().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe(Upstream upstream) {
        Breaker breaker = breaker(upstream);
        if (!breaker.isOpen()) return; // a request got through meanwhile
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + upstream.probePath()))
                .timeout(upstream.timeout()).GET();
        if (upstream.apiKey() != null) request.header("Authorization", "Bearer " + upstream.apiKey());
        boolean healthy = false;
        try {
            healthy = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            healthy = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (healthy) {
            breaker.recovered();
            log.info("{} answers its health probe again: back in use", upstream);
        } else {
            scheduleProbe(upstream);
        }
    }

    @Override
    public List<BackendStatus> backends() {
        return breakers.values().stream().map(Breaker::status).toList();
    }

    private static VoiceInfo info(Upstream u, String voice) {
        List<String> languages = u.languages().isEmpty() ? List.of("en") : u.languages();
        return new VoiceInfo(u.name() + ":" + voice, voice + " (" + u.name() + ")", ID, languages, SAMPLE_RATE,
                Gender.UNKNOWN, "upstream");
    }

    /** Sentences wait on the network, not the CPU: many can be in flight at once. */
    @Override
    public int parallelism() {
        return 8;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        http.close();
    }
}
