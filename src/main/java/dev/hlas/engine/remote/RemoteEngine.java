package dev.hlas.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.BackendStatus;
import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.RequestScope;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.TranscriptionRelay;
import dev.hlas.engine.VoiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Voices of other speech servers. Upstream {@code gpu}'s voice {@code alloy} is the voice {@code gpu:alloy}; a
 * sentence for it goes to {@code gpu} (or a peer of the same priority that lists {@code alloy}, by weight) and, when
 * that fails before any of the sentence's audio arrived, to the other upstreams that serve {@code alloy} in that
 * language, by priority (see {@link RemoteVoice}).
 *
 * <p>Every upstream is probed on its own schedule, healthy or not ({@code probe.interval}, or {@code breaker.cooldown}
 * while its breaker is open); a probe that fails counts toward opening the breaker, so a dead upstream is found by
 * the probes rather than by requests, and each good probe also refreshes the voices the upstream lists itself.
 */
public final class RemoteEngine implements SpeechEngine {
    private static final Logger log = LoggerFactory.getLogger(RemoteEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ID = "remote";
    /** The rate OpenAI's {@code pcm} has: 16-bit mono at 24 kHz, unless an upstream declares another. */
    static final int SAMPLE_RATE = 24_000;
    /** Longest the engine's opening waits for the first probe round (so listed voices can be named at start-up). */
    private static final Duration FIRST_ROUND_WAIT = Duration.ofSeconds(3);
    private static final int MAX_LISTING_BYTES = 4 * 1024 * 1024;
    private final RemoteSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Map<String, UpstreamState> states = new LinkedHashMap<>();
    private final RemoteTranscriptions transcriptions;

    RemoteEngine(RemoteSettings settings) {
        this.settings = settings;
        for (Upstream u : settings.upstreams()) states.put(u.name(), new UpstreamState(u));
        Duration connect = settings.upstreams().stream().map(Upstream::timeout).max(Duration::compareTo)
                .orElse(UpstreamsFile.DEFAULT_TIMEOUT);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hlas-remote-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.transcriptions = new RemoteTranscriptions(this, settings);
        firstRound();
    }

    /** Speech-to-text requests for the models the upstreams' {@code stt:} sections list. */
    public TranscriptionRelay transcriptions() {
        return transcriptions;
    }

    /** Probes every upstream once, in parallel, waiting a little for the answers; then each keeps its own schedule. */
    private void firstRound() {
        if (states.isEmpty()) return;
        List<Thread> probes = new ArrayList<>();
        for (UpstreamState state : states.values()) {
            probes.add(Thread.ofVirtual().name("hlas-probe-" + state.upstream().name()).start(() -> probeAndReschedule(state)));
        }
        long until = System.nanoTime() + FIRST_ROUND_WAIT.toNanos();
        for (Thread t : probes) {
            try {
                long left = until - System.nanoTime();
                if (left > 0) t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * The voices of every upstream: those its configuration names, then those its own listing names ({@code "*"}
     * upstreams list only the latter: any name is accepted).
     */
    @Override
    public List<VoiceInfo> voices() {
        List<VoiceInfo> out = new ArrayList<>();
        for (UpstreamState state : states.values()) {
            Upstream u = state.upstream();
            if (!u.tts()) continue;
            for (String v : u.voices().stream().sorted().toList()) out.add(info(state, v));
            for (String v : new TreeMap<>(state.listed()).keySet()) if (!u.voices().contains(v)) out.add(info(state, v));
        }
        return out;
    }

    @Override
    public Optional<EngineVoice> voice(String voiceId) {
        int colon = voiceId.indexOf(':');
        if (colon <= 0 || colon == voiceId.length() - 1) return Optional.empty();
        UpstreamState state = states.get(voiceId.substring(0, colon));
        String voice = voiceId.substring(colon + 1);
        if (state == null || !state.serves(voice)) return Optional.empty();
        return Optional.of(new RemoteVoice(info(state, voice), state.upstream(), voice, this));
    }

    /**
     * The upstreams to try for {@code voice} named on {@code primary}, in order: the primary's tier ({@code primary}
     * and the upstreams of its priority that name the voice themselves, not by {@code "*"}) in a weighted random
     * order, then every other upstream serving the voice in {@code language}, by priority (weighted random among
     * equals); upstreams that are full, that failed earlier in this request (its later sentences do not wait for the
     * same dead server again) or whose breaker is open move behind the others, in that order.
     */
    List<UpstreamState> candidates(Upstream primary, String voice, String language, RequestScope scope) {
        List<UpstreamState> tier = new ArrayList<>();
        List<UpstreamState> rest = new ArrayList<>();
        for (UpstreamState s : states.values()) {
            Upstream u = s.upstream();
            if (u == primary) {
                tier.add(s);
            } else if (s.serves(voice) && u.speaks(language)) {
                boolean named = u.voices().contains(voice) || s.listed().containsKey(voice);
                (named && u.priority() == primary.priority() ? tier : rest).add(s);
            }
        }
        List<UpstreamState> ordered = new ArrayList<>(weighted(tier));
        Map<Integer, List<UpstreamState>> byPriority = new TreeMap<>();
        for (UpstreamState s : rest) byPriority.computeIfAbsent(s.upstream().priority(), p -> new ArrayList<>()).add(s);
        for (List<UpstreamState> group : byPriority.values()) ordered.addAll(weighted(group));
        return healthyFirst(ordered, scope);
    }

    /**
     * The upstreams to try for the speech-to-text {@code model}: {@code primary} (when the request named one) and
     * the upstreams of its priority listing the model, by weight, then every other upstream listing it, by priority
     * (weighted among equals); full and open ones move back as for voices.
     */
    List<UpstreamState> sttCandidates(Upstream primary, String model) {
        List<UpstreamState> tier = new ArrayList<>();
        Map<Integer, List<UpstreamState>> byPriority = new TreeMap<>();
        for (UpstreamState s : states.values()) {
            Upstream u = s.upstream();
            if (u == primary) {
                tier.add(s);
            } else if (u.sttModels().contains(model)) {
                if (primary != null && u.priority() == primary.priority()) {
                    tier.add(s);
                } else {
                    byPriority.computeIfAbsent(u.priority(), p -> new ArrayList<>()).add(s);
                }
            }
        }
        List<UpstreamState> ordered = new ArrayList<>(weighted(tier));
        for (List<UpstreamState> group : byPriority.values()) ordered.addAll(weighted(group));
        return healthyFirst(ordered, RequestScope.current());
    }

    /** {@code ordered} with full upstreams, those that failed earlier in this request and open ones moved back. */
    private static List<UpstreamState> healthyFirst(List<UpstreamState> ordered, RequestScope scope) {
        List<UpstreamState> out = new ArrayList<>();
        List<UpstreamState> full = new ArrayList<>();
        List<UpstreamState> failedHere = new ArrayList<>();
        List<UpstreamState> open = new ArrayList<>();
        for (UpstreamState s : ordered) {
            if (s.isOpen()) {
                open.add(s);
            } else if (scope.failed(scopeKey(s.upstream()))) {
                failedHere.add(s);
            } else {
                (s.full() ? full : out).add(s);
            }
        }
        out.addAll(full);
        out.addAll(failedHere);
        out.addAll(open);
        return out;
    }

    /** {@code group} in a random order where each upstream comes first with a chance in proportion to its weight. */
    private static List<UpstreamState> weighted(List<UpstreamState> group) {
        if (group.size() < 2) return group;
        List<UpstreamState> left = new ArrayList<>(group);
        List<UpstreamState> out = new ArrayList<>(group.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!left.isEmpty()) {
            int total = left.stream().mapToInt(s -> s.upstream().weight()).sum();
            int pick = random.nextInt(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= left.get(i).upstream().weight();
                if (pick < 0) {
                    out.add(left.remove(i));
                    break;
                }
            }
        }
        return out;
    }

    /** How a request's scope remembers that {@code upstream} failed for it. */
    static String scopeKey(Upstream upstream) {
        return "upstream:" + upstream.name();
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService watchdog() {
        return watchdog;
    }

    UpstreamState state(Upstream upstream) {
        return states.get(upstream.name());
    }

    /** Counts a failed attempt; logs when it opens the breaker (the probe schedule then speeds up to the cooldown). */
    void failed(Upstream upstream, boolean afterAudio, String why) {
        String said = why.startsWith(upstream.toString()) ? why : upstream + " " + why;
        if (state(upstream).failed(afterAudio, said)) {
            log.warn("{} failed {} times in a row: tried last from now on, probed every {} ms", upstream,
                    upstream.breakerFailures(), upstream.breakerCooldown().toMillis());
            reschedule(state(upstream));
        }
    }

    private void reschedule(UpstreamState state) {
        Duration next = state.isOpen() ? state.upstream().breakerCooldown() : state.upstream().probeInterval();
        try {
            state.nextProbe(watchdog.schedule(() -> Thread.ofVirtual().name("hlas-probe-" + state.upstream().name())
                    .start(() -> probeAndReschedule(state)), next.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            // the engine was closed: no more probes
        }
    }

    private void probeAndReschedule(UpstreamState state) {
        try {
            probe(state);
        } finally {
            reschedule(state);
        }
    }

    /** One health probe: the liveness route, then (when it answered and lists voices) the upstream's voice listing. */
    void probe(UpstreamState state) {
        Upstream upstream = state.upstream();
        boolean wasOpen = state.isOpen();
        long start = System.nanoTime();
        String why;
        try {
            // The body is not read: a server that sends headers and then stalls must not hold the probe.
            HttpResponse<InputStream> response = http.send(get(upstream, upstream.probePath()),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            response.body().close();
            // 404: the server is up and has no such route (not every server has /health or /v1/models).
            why = status / 100 == 2 || status == 404 ? null : "health probe answered HTTP " + status;
        } catch (HttpTimeoutException e) {
            why = "health probe got no answer within " + upstream.timeout().toMillis() / 1000.0 + " s";
        } catch (ConnectException e) {
            why = "health probe: connection refused";
        } catch (IOException e) {
            why = "health probe failed (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean opened = state.probed(millis, why == null ? null : upstream + " " + why);
        if (why == null && wasOpen) log.info("{} answers its health probe again: back in use", upstream);
        if (opened) {
            log.warn("{}: {}, {} failures in a row: tried last from now on", upstream, why, upstream.breakerFailures());
        }
        if (why == null && upstream.tts() && state.hasListing()) refreshListing(state);
    }

    /** Reads the upstream's own {@code /v1/audio/voices}: OpenAI-style plain names, or Hlas's voice objects. */
    private void refreshListing(UpstreamState state) {
        Upstream upstream = state.upstream();
        try {
            HttpResponse<byte[]> response = http.send(get(upstream, "/v1/audio/voices"),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404 || response.statusCode() == 405) {
                state.noListing();
                return;
            }
            if (response.statusCode() != 200 || response.body().length > MAX_LISTING_BYTES) return;
            JsonNode voices = JSON.readTree(response.body()).path("voices");
            if (!voices.isArray()) return;
            Map<String, List<String>> listed = new LinkedHashMap<>();
            for (JsonNode v : voices) {
                String name = v.isTextual() ? v.asText() : v.path("id").asText(v.path("name").asText(""));
                if (name.isBlank()) continue;
                List<String> languages = new ArrayList<>();
                v.path("languages").forEach(l -> languages.add(l.asText()));
                if (languages.isEmpty() && v.path("language").isTextual()) languages.add(v.path("language").asText());
                listed.put(name, List.copyOf(languages));
            }
            state.listed(listed);
        } catch (IOException e) {
            log.debug("{} voice listing unreadable ({})", upstream, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest get(Upstream upstream, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.url() + path))
                .timeout(upstream.timeout()).GET();
        if (upstream.apiKey() != null) request.header("Authorization", "Bearer " + upstream.apiKey());
        return request.build();
    }

    /**
     * {@code text} (an upstream's error message) without any upstream's key — an upstream may echo the one it got,
     * and upstreams behind one proxy may echo each other's — and without this upstream's URL or host.
     */
    String scrub(Upstream upstream, String text) {
        String out = text;
        for (UpstreamState s : states.values()) {
            String key = s.upstream().apiKey();
            if (key != null && !key.isEmpty()) out = out.replace(key, "***");
        }
        out = out.replace(upstream.url().toString(), "<" + upstream.name() + ">");
        if (upstream.url().getHost() != null) out = out.replace(upstream.url().getHost(), "<" + upstream.name() + ">");
        return out.length() > 500 ? out.substring(0, 500) + "…" : out;
    }

    @Override
    public List<BackendStatus> backends() {
        return states.values().stream().map(UpstreamState::status).toList();
    }

    private static VoiceInfo info(UpstreamState state, String voice) {
        Upstream u = state.upstream();
        List<String> listed = state.listed().getOrDefault(voice, List.of());
        List<String> languages = !u.languages().isEmpty() ? u.languages() : !listed.isEmpty() ? listed : List.of("en");
        return new VoiceInfo(u.name() + ":" + voice, voice + " (" + u.name() + ")", ID, languages, u.sampleRate(),
                Gender.UNKNOWN, "upstream");
    }

    /** Sentences wait on the network, not the CPU: many can be in flight at once. */
    @Override
    public int parallelism() {
        return Math.min(64, 8 * Math.max(1, states.size()));
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        http.shutdownNow(); // not close(): that waits for every exchange, and a probe of a hung upstream may be one
    }
}
