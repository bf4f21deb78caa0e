package dev.hlas.voice;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.LanguageCodes;
import dev.hlas.engine.SpeechEngine;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.espeak.EspeakEngine;
import dev.hlas.error.HlasException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * All engines' voices in one place, and the rule that turns a request's {@code voice} plus a sentence's language
 * into a concrete voice.
 *
 * <p>Rule: an alias (e.g. {@code alloy}) picks, per language, its first installed candidate, else espeak-ng's voice
 * for that language with the alias's variant. Any other name must be a voice id some engine has; such an explicit
 * voice speaks every sentence whatever its language.
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
            known = new KnownLanguages(java.util.Collections.unmodifiableSet(languages), now);
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

    /** Whether {@code name} is an alias or a voice id this server can speak with. */
    public boolean knows(String name) {
        return aliases.find(name).isPresent() || findById(name).isPresent();
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
            if (found.isPresent()) return found.get();
        }
        String family = LanguageCodes.family(language);
        String espeakLanguage = family.equals("en") ? alias.englishAccent() : family;
        return findById(EspeakEngine.PREFIX + espeakLanguage + "+" + alias.espeakVariant())
                .or(() -> findById(EspeakEngine.PREFIX + espeakLanguage))
                .or(() -> findById(EspeakEngine.PREFIX + "en-us+" + alias.espeakVariant()))
                .orElseThrow(() -> new VoiceUnavailable(
                        "No installed voice speaks '" + language + "' for voice '" + alias.name() + "'"));
    }

    private Optional<ResolvedVoice> findById(String id) {
        for (SpeechEngine engine : engines) {
            Optional<EngineVoice> voice = engine.voice(id);
            if (voice.isPresent()) return Optional.of(new ResolvedVoice(engine, voice.get()));
        }
        return Optional.empty();
    }
}
