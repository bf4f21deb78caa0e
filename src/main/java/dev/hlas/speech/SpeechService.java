package dev.hlas.speech;

import dev.hlas.engine.FirstChunk;
import dev.hlas.error.HlasException;
import dev.hlas.text.Delivery;
import dev.hlas.text.LanguageContext;
import dev.hlas.text.Lexicon;
import dev.hlas.text.LexiconStore;
import dev.hlas.text.Sentence;
import dev.hlas.text.TextAnalyzer;
import dev.hlas.text.TextOptions;
import dev.hlas.text.TextSpan;
import dev.hlas.voice.VoiceRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The speech pipeline: text → sentences with languages → a voice per sentence → a stream of PCM chunks.
 * Transports (HTTP, CLI) call {@link #plan} to validate and decide, then {@link #open} to produce audio.
 */
public final class SpeechService implements AutoCloseable {
    private final TextAnalyzer text;
    private final VoiceRegistry voices;
    private final EngineScheduler scheduler;
    private final SynthesisListener listener;
    private final LexiconStore lexicons;
    private final List<String> defaultLexicons;
    private final FirstChunk firstChunk;

    public SpeechService(TextAnalyzer text, VoiceRegistry voices, EngineScheduler scheduler,
                         SynthesisListener listener) {
        this(text, voices, scheduler, listener, null, List.of(), FirstChunk.CLAUSE);
    }

    /**
     * @param lexicons        where requests' lexicons are found, or null for none
     * @param defaultLexicons lexicons applied to a request that names none (missing ones are skipped)
     * @param firstChunk      how the first sentence of every response is cut into model runs (see {@link FirstChunk})
     */
    public SpeechService(TextAnalyzer text, VoiceRegistry voices, EngineScheduler scheduler,
                         SynthesisListener listener, LexiconStore lexicons, List<String> defaultLexicons,
                         FirstChunk firstChunk) {
        this.text = text;
        this.voices = voices;
        this.scheduler = scheduler;
        this.listener = listener;
        this.lexicons = lexicons;
        this.defaultLexicons = List.copyOf(defaultLexicons);
        this.firstChunk = firstChunk == null ? FirstChunk.CLAUSE : firstChunk;
    }

    /** The server's lexicons, or null when it has none. */
    public LexiconStore lexicons() {
        return lexicons;
    }

    /**
     * The same service (same voices, same engine pools and admission) reporting to {@code other} instead: the
     * server warms up through one with {@link SynthesisListener#NONE}, so warm-up never shows in the metrics.
     */
    public SpeechService withListener(SynthesisListener other) {
        return new SpeechService(text, voices, scheduler, other, lexicons, defaultLexicons, firstChunk);
    }

    public VoiceRegistry voices() {
        return voices;
    }

    public EngineScheduler scheduler() {
        return scheduler;
    }

    /**
     * Decides everything about a request without synthesizing: sentences, languages, voices.
     *
     * @throws HlasException 400 when the input has nothing to speak or the voice is unknown
     */
    public SpeechPlan plan(SpeechRequest request) {
        return plan(request, null);
    }

    /**
     * Like {@link #plan(SpeechRequest)}, for one piece of a longer text that arrives in pieces (a WebSocket or
     * Wyoming session): {@code sessionLanguage}, the language the session has been speaking, decides sentences that
     * cannot decide for themselves.
     */
    public SpeechPlan plan(SpeechRequest request, String sessionLanguage) {
        if (!voices.knows(request.voice())) {
            voices.resolve(request.voice(), "en"); // throws the standard unknown-voice error
        }
        LanguageContext context = new LanguageContext(voices.concreteLanguage(request.voice()).orElse(null),
                sessionLanguage);
        List<Lexicon> applied = resolveLexicons(request.lexicons());
        Boolean ssml = request.inputFormat() == null ? null : request.inputFormat().equals("ssml");
        List<Sentence> sentences = text.analyze(request.input(), request.language(), voices.languages(),
                request.normalize(), context, new TextOptions(applied, ssml));
        if (sentences.isEmpty()) {
            throw HlasException.invalid("input", "Input contains no speakable text.");
        }
        List<PlannedSentence> planned = new ArrayList<>(sentences.size());
        for (Sentence s : sentences) {
            // Only the first sentence of a response may be cut: later ones are synthesized while earlier ones play.
            planned.add(new PlannedSentence(s, voices.resolve(request.voice(), s.language()),
                    planned.isEmpty() ? firstChunk : FirstChunk.SENTENCE));
        }
        planned = joinForWholeInput(planned);
        var params = request.synthesisParams();
        planned.stream().map(p -> p.voice().voice()).distinct().forEach(v -> v.validate(params));
        return new SpeechPlan(request, planned, applied.stream().map(l -> l.name() + "@" + l.version()).toList());
    }

    /**
     * For a voice that wants the whole input ({@link dev.hlas.engine.EngineVoice#wholeInput()}: an upstream that cuts
     * sentences itself), joins consecutive plain sentences of that voice and one language into one, synthesized whole.
     * Sentences with a break, a rate or given phonemes (SSML, lexicons) stay apart, since their delivery is their own.
     */
    static List<PlannedSentence> joinForWholeInput(List<PlannedSentence> planned) {
        if (planned.stream().noneMatch(p -> p.voice().voice().wholeInput())) return planned;
        List<PlannedSentence> out = new ArrayList<>(planned.size());
        for (PlannedSentence p : planned) {
            boolean whole = p.voice().voice().wholeInput() && p.sentence().delivery().equals(Delivery.NONE);
            PlannedSentence last = out.isEmpty() ? null : out.getLast();
            if (whole && last != null && last.voice().id().equals(p.voice().id())
                    && last.sentence().delivery().equals(Delivery.NONE)
                    && last.sentence().language().equals(p.sentence().language())) {
                out.set(out.size() - 1, new PlannedSentence(join(last.sentence(), p.sentence()), last.voice()));
            } else {
                out.add(whole ? p.whole() : p);
            }
        }
        return out;
    }

    private static Sentence join(Sentence a, Sentence b) {
        int shift = a.text().length() + 1;
        List<TextSpan> spans = new ArrayList<>(a.spans());
        for (TextSpan t : b.spans()) {
            spans.add(new TextSpan(t.start() + shift, t.end() + shift, t.originalStart(), t.originalEnd()));
        }
        return new Sentence(a.text() + " " + b.text(), a.language(), a.start(), b.end(), spans, a.decision(),
                Delivery.NONE);
    }

    /**
     * The lexicons a request applies: those it names (each must exist), else the server's defaults that exist.
     *
     * @throws HlasException 400 ({@code param: lexicons}) for a name with no lexicon
     */
    private List<Lexicon> resolveLexicons(List<String> names) {
        if (names == null) {
            if (lexicons == null || defaultLexicons.isEmpty()) return List.of();
            List<Lexicon> out = new ArrayList<>();
            for (String name : defaultLexicons) lexicons.get(name).ifPresent(out::add);
            return out;
        }
        List<Lexicon> out = new ArrayList<>(names.size());
        for (String name : names) {
            Lexicon lexicon = lexicons == null ? null : lexicons.get(name).orElse(null);
            if (lexicon == null) {
                throw HlasException.invalid("lexicons", "Unknown lexicon '" + name
                        + "'. GET /v1/audio/lexicons lists the lexicons of this server.");
            }
            out.add(lexicon);
        }
        return out;
    }

    /**
     * Starts synthesizing a plan; the caller must close the stream.
     *
     * @throws HlasException 429 at once when an engine of the plan has no free place (nothing was started)
     */
    public SpeechStream open(SpeechPlan plan) {
        EngineScheduler.Admission admission = scheduler.admit(plan);
        try {
            return new SpeechStream(plan, scheduler, listener, admission);
        } catch (RuntimeException | Error e) {
            admission.release();
            throw e;
        }
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
