package dev.hlas.stt;

import dev.hlas.config.HlasConfig;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.Wav;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hlas speaks a sentence with espeak-ng and transcribes it back with a real Whisper model, printing the word error
 * rate. Runs only when a real model is installed in the default data directory (or {@code HLAS_HOME}); otherwise it
 * is skipped and says how to enable it. No model can be downloaded during the tests.
 */
class RealModelRoundTripTest {
    static final List<String> PREFERRED = List.of("whisper-base", "whisper-small", "whisper-tiny",
            "whisper-large-v3-turbo", "whisper-medium");

    @TempDir
    Path scratch;

    @Test
    void speech_transcribed_back_has_a_low_word_error_rate() throws Exception {
        String env = System.getenv("HLAS_HOME");
        Path home = env != null && !env.isBlank() ? Path.of(env) : HlasConfig.defaults().home();
        VoiceStore store = new VoiceStore(home);
        Optional<String> model = Files.isDirectory(home) ? PREFERRED.stream()
                .filter(id -> store.models(WhisperRecognizer.ENGINE).stream().anyMatch(m -> m.id().equals(id)))
                .findFirst() : Optional.empty();
        Assumptions.assumeTrue(model.isPresent(), "skipped: no real Whisper model is installed in " + home
                + " (run 'hlas voices pull whisper-base' to enable this round trip)");
        String sentence = "The quick brown fox jumps over the lazy dog near the river bank.";
        byte[] wav;
        try (TestServer server = new TestServer(scratch)) {
            wav = server.post(TestServer.speechJson("espeak:en", sentence, "wav")).body();
        }
        Wav parsed = Wav.parse(wav);
        float[] pcm = new float[parsed.samples().length];
        for (int i = 0; i < pcm.length; i++) pcm[i] = parsed.samples()[i] / 32768f;
        float[] resampled = resample(pcm, parsed.sampleRate());
        try (WhisperRecognizer whisper = new WhisperRecognizer(store, 2)) {
            RecognizerModel m = whisper.models().stream().filter(x -> x.id().equals(model.get())).findFirst()
                    .orElseThrow();
            long start = System.nanoTime();
            Transcript t = whisper.recognize(m, new Pcm16k(resampled), RecognitionOptions.transcribe("en"));
            double seconds = (System.nanoTime() - start) / 1e9;
            double wer = wordErrorRate(sentence, t.text());
            System.out.printf(Locale.ROOT, "round trip with %s: \"%s\" → WER %.2f, %.1f s audio in %.2f s (RTF %.2f)%n",
                    m.id(), t.text(), wer, t.duration(), seconds, seconds / t.duration());
            assertThat(wer).isLessThan(0.5);
        }
    }

    /** Linear interpolation to 16 kHz (good enough for a test of speech from a synthesizer). */
    static float[] resample(float[] in, int rate) {
        int n = (int) ((long) in.length * Pcm16k.RATE / rate);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double pos = (double) i * rate / Pcm16k.RATE;
            int j = (int) pos;
            double f = pos - j;
            out[i] = (float) (in[Math.min(j, in.length - 1)] * (1 - f) + in[Math.min(j + 1, in.length - 1)] * f);
        }
        return out;
    }

    /** Word-level edit distance over the reference's length, on lower-case words without punctuation. */
    static double wordErrorRate(String reference, String hypothesis) {
        String[] r = words(reference);
        String[] h = words(hypothesis);
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) d[i][0] = i;
        for (int j = 0; j <= h.length; j++) d[0][j] = j;
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                int sub = d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                d[i][j] = Math.min(sub, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return r.length == 0 ? 0 : d[r.length][h.length] / (double) r.length;
    }

    private static String[] words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s]", " ").trim().split("\\s+"))
                .filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    @Test
    void word_error_rate_counts_substitutions_insertions_and_deletions() {
        assertThat(wordErrorRate("a b c d", "a b c d")).isZero();
        assertThat(wordErrorRate("a b c d", "a x c")).isEqualTo(0.5);
        assertThat(wordErrorRate("Hello, world!", "hello world")).isZero();
    }
}
