package dev.hlas.engine.kokoro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.kokoro.MisakiFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hlas.engine.espeak.EspeakNative;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kokoro on the synthetic model, served for real, with misaki's dictionaries installed in the store (generated, in
 * misaki's format) and without them: which G2P each voice uses, what {@code /v1/audio/phonemes} shows, and speech.
 */
class KokoroMisakiHttpTest {
    @TempDir
    static Path tmp;
    static TestServer withDictionaries;
    static TestServer without;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path home = tmp.resolve("with");
        VoiceStore store = new VoiceStore(home);
        KokoroFixtures.installInStore(store, SyntheticKokoroModel.Flavour.V1_0);
        StoreInstall.commit(store, MisakiFixtures.write(Files.createTempDirectory("misaki-fixture")), "misaki-en",
                MisakiDictionaries.INSTALL_ENGINE);
        withDictionaries = new TestServer(home);
        Path bare = tmp.resolve("without");
        KokoroFixtures.installInStore(new VoiceStore(bare), SyntheticKokoroModel.Flavour.V1_0);
        without = new TestServer(bare);
    }

    @AfterAll
    static void stop() {
        if (withDictionaries != null) withDictionaries.close();
        if (without != null) without.close();
    }

    static Map<String, String> g2pByVoice(TestServer server) throws Exception {
        JsonNode voices = JSON.readTree(server.get("/v1/audio/voices").body()).path("voices");
        Map<String, String> out = new HashMap<>();
        for (JsonNode v : voices) if (v.has("g2p")) out.put(v.path("id").asText(), v.path("g2p").asText());
        return out;
    }

    static JsonNode phonemes(TestServer server, String input, String voice) throws Exception {
        HttpResponse<byte[]> r = server.post("/v1/audio/phonemes",
                JSON.writeValueAsString(Map.of("input", input, "voice", voice, "lang", "en")));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body()).path("sentences");
    }

    @Test
    void voices_say_which_g2p_they_use() throws Exception {
        Map<String, String> with = g2pByVoice(withDictionaries);
        assertThat(with).containsEntry("af_heart", "misaki").containsEntry("bm_fable", "misaki");
        assertThat(with.entrySet()).filteredOn(e -> e.getKey().startsWith("e"))
                .allSatisfy(e -> assertThat(e.getValue()).isEqualTo("espeak-ng"));
        assertThat(g2pByVoice(without)).containsEntry("af_heart", "espeak-ng").containsEntry("bm_fable", "espeak-ng");
    }

    @Test
    void phonemes_show_misaki_words_with_their_sources_and_the_token_ids() throws Exception {
        JsonNode sentences = phonemes(withDictionaries, "Hello world. The boxes are here.", "af_heart");
        assertThat(sentences).hasSize(2);
        JsonNode first = sentences.get(0);
        assertThat(first.path("engine").asText()).isEqualTo("kokoro");
        assertThat(first.path("phonemes").asText()).isEqualTo("həlˈO wˈɜɹld.");
        List<Long> ids = new ArrayList<>();
        first.path("ids").forEach(n -> ids.add(n.asLong()));
        long[] expected = KokoroVocab.withPads(KokoroVocab.encode("həlˈO wˈɜɹld."));
        assertThat(ids).containsExactlyElementsOf(Arrays.stream(expected).boxed().toList());
        assertThat(first.path("words").findValuesAsText("source")).containsExactly("gold", "gold");
        JsonNode second = sentences.get(1).path("words");
        List<String> sources = second.findValuesAsText("source");
        assertThat(sources).containsExactly("rule", "rule", "gold", "espeak"); // the, boxes, are, here
        // British voice, same text: the GB dictionary.
        assertThat(phonemes(withDictionaries, "Hello world.", "bm_fable").get(0).path("phonemes").asText())
                .isEqualTo("həlˈQ wˈɜːld.");
    }

    @Test
    void a_lexicon_phoneme_entry_reaches_kokoro_mapped_to_its_symbols_and_wins_over_misaki() throws Exception {
        HttpResponse<byte[]> put = withDictionaries.put("/v1/audio/lexicons/k8s", """
                {"language": "en", "entries": [{"grapheme": "Kubernetes", "phonemes": "kˈuːbɚnˈɛtiːz"}]}""");
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isIn(200, 201);
        String expected = KokoroVocab.keepKnown(KokoroPhonemizer.map("kˈuːbɚnˈɛtiːz",
                KokoroLanguage.AMERICAN_ENGLISH)).strip();
        HttpResponse<byte[]> r = withDictionaries.post("/v1/audio/phonemes", JSON.writeValueAsString(Map.of(
                "input", "Hello Kubernetes world.", "voice", "af_heart", "lang", "en", "lexicons", List.of("k8s"))));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode sentence = JSON.readTree(r.body()).path("sentences").get(0);
        assertThat(sentence.path("phonemes").asText()).isEqualTo("həlˈO " + expected + " wˈɜɹld.");
        assertThat(sentence.path("words").findValuesAsText("source")).containsExactly("gold", "lexicon", "gold");
        HttpResponse<byte[]> speech = withDictionaries.post(JSON.writeValueAsString(Map.of("model", "tts-1",
                "input", "Hello Kubernetes world.", "voice", "af_heart", "response_format", "wav",
                "lexicons", List.of("k8s"))));
        assertThat(speech.statusCode()).isEqualTo(200);
        assertThat(speech.headers().firstValue("X-Hlas-Warnings")).isEmpty();
    }

    @Test
    void without_dictionaries_kokoro_keeps_the_espeak_path() throws Exception {
        JsonNode s = phonemes(without, "Hello world.", "af_heart").get(0);
        KokoroPhonemizer espeak = new KokoroPhonemizer(EspeakNative.load(null, null));
        assertThat(s.path("phonemes").asText())
                .isEqualTo(espeak.phonemize("Hello world.", KokoroLanguage.AMERICAN_ENGLISH));
        assertThat(s.path("words").findValuesAsText("source")).containsOnly("espeak");
    }

    @Test
    void speech_runs_end_to_end_with_and_without_dictionaries_within_the_chunk_limit() throws Exception {
        String sentence = "The committee met to review the budget, which had grown considerably over the previous "
                + "year, and several members asked for a detailed breakdown of the spending before the meeting";
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 6; i++) longText.append(sentence).append(i % 2 == 0 ? ", " : "; ");
        String text = longText.append("hello world.").toString();
        for (TestServer server : List.of(withDictionaries, without)) {
            HttpResponse<byte[]> r = server.post(JSON.writeValueAsString(Map.of("model", "tts-1", "input", text,
                    "voice", "af_heart", "response_format", "pcm")));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().length).isGreaterThan(1000);
            JsonNode runs = phonemes(server, text, "af_heart");
            assertThat(runs.size()).isGreaterThan(1);
            for (JsonNode run : runs) {
                assertThat(run.path("phonemes").asText().length()).isLessThanOrEqualTo(KokoroChunker.MAX_PHONEMES);
                assertThat(run.path("ids").size()).isLessThanOrEqualTo(KokoroChunker.MAX_PHONEMES + 2);
            }
        }
    }
}
