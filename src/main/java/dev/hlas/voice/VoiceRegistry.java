package dev.hlas.voice;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.error.VoiceUnavailable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * All engines' voices in one place, and the rule that turns a request's {@code voice} plus a sentence's language
 * into a concrete voice.
 *
 * <p>Rule: an alias (e.g. {@code alloy}) picks, per language, its first installed candidate, else its fallback
 * (espeak-ng's voice for that language with the alias's variant). A voice id some engine has speaks every sentence
 * whatever its language. A short name ({@code jirka}, {@code lessac}: the speaker part of installed voices' ids)
 * stands for the installed voices called so; when they speak different languages, each sentence's language picks
 * one (the first by id when none speaks it).
 */
public final class VoiceRegistry {
    private final List<SpeechEngine> engines;
    private final VoiceAliases aliases;
    private final Function<String, Optional<String>> installableAs;

    public VoiceRegistry(List<SpeechEngine> engines, VoiceAliases aliases) {
        this(engines, aliases, id -> Optional.empty());
    }

    /**
     * @param installableAs for a voice id that is not installed, the catalog id that installs it
     *                      ({@code af_heart} → {@code kokoro}), so that asking for it names the command
     */
    public VoiceRegistry(List<SpeechEngine> engines, VoiceAliases aliases,
                         Function<String, Optional<String>> installableAs) {
        this.engines = List.copyOf(engines);
        this.aliases = aliases;
        this.installableAs = installableAs;
    }

    /** Speaker names of a multi-speaker voice (empty otherwise). */
    public List<String> speakers(VoiceInfo voice) {
        for (SpeechEngine engine : engines) {
            if (engine.id().equals(voice.engine())) return engine.speakers(voice.id());
        }
        return List.of();
    }

    /** How a voice turns text into phonemes, when its engine has a choice (see {@link SpeechEngine#g2p}). */
    public Optional<String> g2p(VoiceInfo voice) {
        for (SpeechEngine engine : engines) {
            if (engine.id().equals(voice.engine())) return engine.g2p(voice.id());
        }
        return Optional.empty();
    }

    public List<SpeechEngine> engines() {
        return engines;
    }

    public VoiceAliases aliases() {
        return aliases;
    }

    /** Every installed voice of every engine. */
    public List<VoiceInfo> voices() {
        List<VoiceInfo> all = new ArrayList<>();
        for (SpeechEngine engine : engines) all.addAll(engine.voices());
        return all;
    }

    /** Language families that installed voices speak. */
    public Set<String> languages() {
        KnownLanguages known = knownLanguages;
        long now = System.nanoTime();
        if (known == null || now - known.computedAt() > LANGUAGES_TTL_NANOS) {
            Set<String> languages = new LinkedHashSet<>();
            for (VoiceInfo v : voices()) v.languages().forEach(l -> languages.add(LanguageCodes.family(l)));
            known = new KnownLanguages(Collections.unmodifiableSet(languages), now);
            knownLanguages = known;
        }
        return known.languages();
    }

    /**
     * Listing every engine's voices walks ~140 espeak voices and checks the voice store on disk: too much for every
     * request (it was half of a cache hit's cost). The set is reused for a second, so a voice installed while the
     * server runs is used within a second.
     */
    private static final long LANGUAGES_TTL_NANOS = 1_000_000_000L;
    private volatile KnownLanguages knownLanguages;

    private record KnownLanguages(Set<String> languages, long computedAt) {
    }

    /** Whether {@code name} is an alias, a voice id or a short name this server can speak with. */
    public boolean knows(String name) {
        return aliases.find(name).isPresent() || findById(name).isPresent() || !calledSo(name).isEmpty();
    }

    /**
     * The language family of {@code requested} when it names one concrete voice ({@code cs_CZ-jirka-medium} →
     * {@code cs}); empty for an OpenAI voice name, which speaks each sentence's language, or an unknown name.
     */
    public Optional<String> concreteLanguage(String requested) {
        if (requested == null || aliases.find(requested).isPresent()) return Optional.empty();
        return findById(requested).map(v -> v.voice().info().primaryLanguage());
    }

    /**
     * Chooses the voice for one sentence.
     *
     * @param requested the request's {@code voice}
     * @param language  the sentence's language
     * @throws VoiceUnavailable when the name is unknown
     */
    public ResolvedVoice resolve(String requested, String language) {
        Optional<VoiceAliases.Alias> alias = aliases.find(requested);
        if (alias.isPresent()) return resolveAlias(alias.get(), language);
        Optional<ResolvedVoice> found = findById(requested);
        if (found.isPresent()) return found.get();
        Optional<ResolvedVoice> named = byShortName(requested, language);
        if (named.isPresent()) return named.get();
        Optional<String> install = installableAs.apply(requested);
        if (install.isPresent()) {
            throw new VoiceUnavailable("Voice '" + requested + "' is not installed on this server. Install "
                    + "it with: hlas voices pull " + install.get() + ", or use an OpenAI voice name such as alloy, "
                    + "which falls back to an installed voice.");
        }
        return found.orElseThrow(() -> new VoiceUnavailable(
                "Voice '" + requested + "' is not available. Use one of OpenAI's voice names (alloy, echo, …) or an "
                        + "id from GET /v1/audio/voices. Neural voices are installed with: hlas voices pull <id>"));
    }

    private ResolvedVoice resolveAlias(VoiceAliases.Alias alias, String language) {
        for (String candidate : alias.candidatesFor(language)) {
            Optional<ResolvedVoice> found = findById(candidate);
            if (found.isEmpty()) continue;
            if (alias.forAnyLanguage(language, candidate) && !found.get().voice().info().speaks(language)) continue;
            return found.get();
        }
        for (String fallback : aliases.fallbackFor(alias, language)) {
            Optional<ResolvedVoice> found = findById(fallback);
            if (found.isPresent()) return found.get();
        }
        throw new VoiceUnavailable("No installed voice speaks '" + language + "' for voice '" + alias.name() + "'");
    }

    /** The installed voice a short name stands for in {@code language}, if any voice is called so. */
    private Optional<ResolvedVoice> byShortName(String name, String language) {
        List<VoiceInfo> called = calledSo(name);
        if (called.isEmpty()) return Optional.empty();
        VoiceInfo pick = called.stream().filter(v -> v.speaks(language)).findFirst().orElse(called.getFirst());
        return findById(pick.id());
    }

    private List<VoiceInfo> calledSo(String name) {
        if (name.isBlank() || name.contains(":")) return List.of();
        List<VoiceInfo> out = new ArrayList<>();
        for (SpeechEngine engine : engines) out.addAll(engine.voicesCalled(name));
        return out;
    }

    private Optional<ResolvedVoice> findById(String id) {
        for (SpeechEngine engine : engines) {
            Optional<EngineVoice> voice = engine.voice(id);
            if (voice.isPresent()) return Optional.of(new ResolvedVoice(engine, voice.get()));
        }
        return Optional.empty();
    }
}
