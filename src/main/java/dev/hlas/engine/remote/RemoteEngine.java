package dev.hlas.engine.remote;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.Gender;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Voices of other speech servers. Upstream {@code gpu}'s voice {@code alloy} is the voice {@code gpu:alloy}; a
 * sentence for it goes to {@code gpu} first and, when that fails before any of the sentence's audio arrived, to the
 * other upstreams that serve {@code alloy} in that language, by priority (see {@link RemoteVoice}).
 */
public final class RemoteEngine implements SpeechEngine {
    public static final String ID = "remote";
    /** The rate asked of every upstream: OpenAI's {@code pcm} is 16-bit mono at 24 kHz. */
    static final int SAMPLE_RATE = 24_000;
    private final RemoteSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog;

    RemoteEngine(RemoteSettings settings) {
        this.settings = settings;
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
                return Optional.of(new RemoteVoice(info(u, voice), u, voice, candidates(u, voice), http, watchdog));
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
