package dev.hlas.engine.piper;

import dev.hlas.engine.FirstChunk;
import dev.hlas.engine.PcmChunk;
import dev.hlas.engine.PhonemeIds;
import dev.hlas.engine.SynthesisParams;
import dev.hlas.engine.Utterance;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.engine.onnx.OnnxSettings;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** A first clause on a Piper voice: its own terminator phoneme, the ids of the whole sentence's start, no silence. */
class PiperFirstClauseTest {
    static final String SENTENCE = "When the first sentence of a reply is long, the listener should not wait for all "
            + "of it to be ready.";

    @TempDir
    Path home;

    @Test
    void the_clause_is_the_start_of_the_sentence_with_its_comma_and_gets_no_sentence_silence() throws Exception {
        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, PiperEngineTest.LESSAC);
        try (PiperEngine engine = new PiperEngine(store, EspeakNative.load(null, null),
                new PiperSettings(OnnxSettings.defaults(), 0.2, false))) {
            PiperVoice voice = (PiperVoice) engine.voice(PiperEngineTest.LESSAC.id()).orElseThrow();
            List<Utterance> parts = FirstChunk.CLAUSE.split(new Utterance(SENTENCE, "en"));
            PhonemeIds whole = voice.phonemes(SENTENCE).getFirst();
            PhonemeIds clause = voice.phonemes(parts.getFirst().text()).getFirst();
            PhonemeIds rest = voice.phonemes(parts.getLast().text()).getFirst();
            assertThat(clause.phonemes()).endsWith(", ");
            assertThat(whole.phonemes()).startsWith(clause.phonemes())
                    .isEqualTo(clause.phonemes() + rest.phonemes());
            long eos = voice.config().phonemeIdMap().get("$")[0];
            long[] clauseIds = clause.ids();
            assertThat(clauseIds[clauseIds.length - 1]).isEqualTo(eos);
            assertThat(Arrays.copyOf(whole.ids(), clauseIds.length - 1))
                    .as("the model reads the clause exactly as the start of the whole sentence, comma included")
                    .containsExactly(Arrays.copyOf(clauseIds, clauseIds.length - 1));

            List<PcmChunk> clauseChunks = new ArrayList<>();
            voice.synthesize(parts.getFirst(), SynthesisParams.defaults(), clauseChunks::add);
            assertThat(clauseChunks).as("one model run, no silence after it").hasSize(1);
            List<PcmChunk> restChunks = new ArrayList<>();
            voice.synthesize(parts.getLast(), SynthesisParams.defaults(), restChunks::add);
            assertThat(restChunks).as("the end of the sentence keeps its sentence silence").hasSize(2);
            assertThat(restChunks.getLast().seconds()).isEqualTo(0.2, offset(0.001));
        }
    }
}
