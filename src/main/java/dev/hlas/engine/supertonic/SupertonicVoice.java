package dev.hlas.engine.supertonic;

import dev.hlas.engine.EngineVoice;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PcmSink;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.engine.WordMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * One Supertonic style as a voice. An utterance is cut into chunks ({@link TextChunker}, short first chunk), each
 * chunk is prepared ({@link SupertonicText}), indexed and synthesized, and handed to the sink as soon as it is done,
 * followed by a pause that depends on how the chunk ended. Unknown characters are dropped before the model.
 *
 * <p>The pause also follows the utterance's last chunk: Supertonic's audio is trimmed tightly to the predicted
 * duration, so without it consecutive sentences (separate utterances in the pipeline) would run into each other.
 */
final class SupertonicVoice implements EngineVoice {
    private static final Logger log = LoggerFactory.getLogger(SupertonicVoice.class);
    /** Korean and Japanese pack more per character: upstream limits their chunks to 120. */
    private static final List<String> DENSE_SCRIPTS = List.of("ko", "ja");

    private final VoiceInfo info;
    private final VoiceStyle style;
    private final Supplier<SupertonicModel> model;
    private final SupertonicSettings settings;
    private final String modelVersion;

    /** @param modelVersion identifies the installed graphs and this voice's style file (for cache keys) */
    SupertonicVoice(VoiceInfo info, VoiceStyle style, Supplier<SupertonicModel> model, SupertonicSettings settings,
                    String modelVersion) {
        this.modelVersion = modelVersion;
        this.info = info;
        this.style = style;
        this.model = model;
        this.settings = settings;
    }

    @Override
    public VoiceInfo info() {
        return info;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public void synthesize(Utterance utterance, SynthesisParams params, PcmSink sink) {
        SupertonicModel m = model.get();
        int rate = m.config().sampleRate();
        int steps = params.totalSteps() != null ? params.totalSteps() : settings.defaultSteps();
        double speed = settings.naturalSpeed() * params.speed();
        String tag = SupertonicText.languageTag(utterance.language());
        int max = DENSE_SCRIPTS.contains(tag) ? Math.min(120, settings.maxChunkChars()) : settings.maxChunkChars();
        TextChunker chunker = new TextChunker(max, Math.min(max, settings.firstChunkChars()));
        long emitted = 0;
        int searchFrom = 0;
        List<TextChunker.Chunk> chunks = chunker.split(utterance.text());
        for (int i = 0; i < chunks.size(); i++) {
            TextChunker.Chunk chunk = chunks.get(i);
            // Where the chunk is in the utterance: its audio (the duration predictor's length) speaks that text,
            // spread over its words by length downstream.
            int at = utterance.text().indexOf(chunk.text(), searchFrom);
            if (at >= 0) searchFrom = at + chunk.text().length();
            String prepared = SupertonicText.prepare(chunk.text(), utterance.language());
            UnicodeIndexer.Encoded encoded = m.indexer().encode(prepared);
            if (encoded.dropped() > 0) {
                log.debug("{}: dropped {} character(s) the model does not know in {}", info.id(), encoded.dropped(),
                        prepared);
            }
            if (!hasSpeech(chunk.text())) continue;
            long seed = NoiseSource.seed(info.id(), prepared, steps, speed);
            SupertonicModel.Audio audio = m.synthesize(encoded.ids(), style, steps, speed, seed);
            int length = audio.audio().length;
            if (at >= 0) sink.words(List.of(new WordMark(at, at + chunk.text().length(), emitted, emitted + length, false)));
            emitted += length;
            if (!sink.accept(new PcmChunk(audio.audio(), rate))) return;
            // A first clause cut by the plan (FirstChunk) ends like a chunk this voice cut itself: at a clause mark
            // (a mark ends it) or at a space (none does).
            TextChunker.Boundary boundary = chunk.boundary();
            if (utterance.clause() && i == chunks.size() - 1) {
                boolean marked = ",;:-–—".indexOf(chunk.text().charAt(chunk.text().length() - 1)) >= 0;
                boundary = marked ? TextChunker.Boundary.CLAUSE : TextChunker.Boundary.WORD;
            }
            double pause = switch (boundary) {
                case SENTENCE -> settings.sentencePause();
                case CLAUSE -> settings.clausePause();
                case WORD -> 0;
            };
            if (pause > 0) {
                PcmChunk silence = PcmChunk.silence(pause, rate);
                emitted += silence.samples().length;
                if (!sink.accept(silence)) return;
            }
        }
    }

    private static boolean hasSpeech(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }
}
