package dev.hlas.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.espeak.EspeakNative;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.onnx.EchoPiperModel;
import dev.hlas.testing.piper.SyntheticPiperVoice;
import dev.hlas.testing.piper.SyntheticPiperVoice.Spec;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of Piper phonemization: every corpus line's phoneme ids from {@code POST /v1/audio/phonemes}
 * must equal those of an independent implementation of the same algorithm, sherpa-onnx ({@link SherpaPeer}), whose
 * espeak-ng reports clause terminators natively while Hlas, on Debian's espeak-ng 1.51, recovers them.
 *
 * <p>Both sides read the same espeak-ng-data directory and the same id map and run the same echo model
 * ({@link EchoPiperModel}). The peer is given the text that reaches espeak-ng in Hlas (the {@code text} of each
 * sentence the endpoint reports), since Hlas's own sentence splitting and normalization legitimately change the text
 * first; docs/ENGINES.md lists those cases. Lines are in {@code src/test/resources/differential/piper-*.txt}.
 * Without the peer (npm missing, no network) the test is skipped with the reason, never passed.
 */
class PiperPhonemesDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EN_VOICE = "en_US-echo-medium";
    private static final String CS_VOICE = "cs_CZ-echo-medium";
    private static final Map<String, String> ESPEAK_VOICE = Map.of(EN_VOICE, "en-us", CS_VOICE, "cs");
    /** {@code ^ _ $}: a sentence without phonemes. */
    private static final long[] EMPTY_SENTENCE = {1, 0, 2};

    @TempDir
    static Path home;
    @TempDir
    static Path work;
    static SherpaPeer.Availability availability;
    static SherpaPeer peer;
    static TestServer server;
    static Path tokens;
    static Map<String, Path> models = new LinkedHashMap<>();
    static Map<Long, String> symbols = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        availability = SherpaPeer.find();
        if (availability.peer() == null) {
            System.err.println("PiperPhonemesDifferentialTest SKIPPED: " + availability.reason());
            return;
        }
        peer = availability.peer();

        models.put("en-us", EchoPiperModel.write(work.resolve("echo-en.onnx"), "en-us", "English"));
        models.put("cs", EchoPiperModel.write(work.resolve("echo-cs.onnx"), "cs", "Czech"));
        StringBuilder t = new StringBuilder();
        SyntheticPiperVoice.idMap().forEach((symbol, ids) -> {
            t.append(symbol).append(' ').append(ids.getFirst()).append('\n');
            symbols.put((long) ids.getFirst(), symbol);
        });
        tokens = Files.writeString(work.resolve("tokens.txt"), t.toString(), StandardCharsets.UTF_8);

        VoiceStore store = new VoiceStore(home);
        SyntheticPiperVoice.install(store, Spec.single(EN_VOICE, "en-us", "en_US"), models.get("en-us"));
        SyntheticPiperVoice.install(store, Spec.single(CS_VOICE, "cs", "cs_CZ"), models.get("cs"));
        server = new TestServer(home);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void english_corpus_phonemes_equal_sherpa_onnx() throws Exception {
        compare("piper-en.txt", "", EN_VOICE, line -> hlasSentences(line, EN_VOICE, "en"));
    }

    @Test
    void czech_corpus_phonemes_equal_sherpa_onnx() throws Exception {
        compare("piper-cs.txt", "", CS_VOICE, line -> hlasSentences(line, CS_VOICE, "cs"));
    }

    /**
     * The same corpora handed to espeak-ng whole, past Hlas's sentence splitting: several clauses, runs of marks in
     * mid-text and paragraph breaks reach the recovery, which the HTTP path mostly gives one sentence at a time.
     */
    @Test
    void whole_english_lines_through_the_espeak_binding_equal_sherpa_onnx() throws Exception {
        compare("piper-en.txt", "whole-", EN_VOICE, line -> engineSentences(line, EN_VOICE));
    }

    @Test
    void whole_czech_lines_through_the_espeak_binding_equal_sherpa_onnx() throws Exception {
        compare("piper-cs.txt", "whole-", CS_VOICE, line -> engineSentences(line, CS_VOICE));
    }

    /** How Hlas reads one corpus line. */
    private interface Reader {
        List<HlasSentence> read(String line) throws Exception;
    }

    private void compare(String corpusName, String reportPrefix, String voice, Reader reader) throws Exception {
        // skipped, never passed, without the peer; the reason is in the test report
        Assumptions.assumeTrue(peer != null, () -> "sherpa-onnx peer unavailable: " + availability.reason());
        List<String> lines = corpus(corpusName);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(300);
        Set<String> known = knownDifferences(reportPrefix);

        // Hlas: the sentences (text that reached espeak-ng, phonemes, ids) of every line
        List<List<HlasSentence>> hlas = new ArrayList<>();
        LinkedHashSet<SherpaPeer.Item> items = new LinkedHashSet<>();
        List<String> changedByFrontEnd = new ArrayList<>();
        for (String line : lines) {
            List<HlasSentence> sentences = reader.read(line);
            hlas.add(sentences);
            for (HlasSentence s : sentences) items.add(new SherpaPeer.Item(ESPEAK_VOICE.get(s.voice()), s.text()));
            // a line Hlas does not speak at all: the peer must make nothing of it either
            if (sentences.isEmpty()) items.add(new SherpaPeer.Item(ESPEAK_VOICE.get(voice), line));
            List<String> reached = sentences.stream().map(HlasSentence::text).distinct().toList();
            String joined = String.join(" ", reached);
            if (!joined.equals(line) && !joined.equals(line.strip())) {
                changedByFrontEnd.add(line + "\n  -> " + String.join("\n  -> ", reached));
            }
        }

        // the peer: the same texts, once each
        List<SherpaPeer.Item> itemList = new ArrayList<>(items);
        List<List<long[]>> peerIds = peer.ids(work, tokens, models, itemList, SyntheticPiperVoice.idMap().get("^").getFirst());
        Map<SherpaPeer.Item, List<long[]>> byItem = new HashMap<>();
        int emptyPeerSentences = 0;
        for (int i = 0; i < itemList.size(); i++) {
            // piper-phonemize starts a sentence for a clause that has no phonemes (the closing quote after
            // '"yes."'); Hlas does not run the model on "^ _ $" (docs/ENGINES.md)
            List<long[]> sentences = new ArrayList<>(peerIds.get(i));
            int before = sentences.size();
            sentences.removeIf(ids -> Arrays.equals(ids, EMPTY_SENTENCE));
            emptyPeerSentences += before - sentences.size();
            byItem.put(itemList.get(i), sentences);
        }

        List<String> differences = new ArrayList<>();
        List<String> knownSeen = new ArrayList<>();
        List<String> knownButEqual = new ArrayList<>();
        int sentencesCompared = 0;
        for (int l = 0; l < lines.size(); l++) {
            List<HlasSentence> sentences = hlas.get(l);
            List<String> lineDiffs = new ArrayList<>();
            if (sentences.isEmpty()) {
                List<long[]> theirs = byItem.get(new SherpaPeer.Item(ESPEAK_VOICE.get(voice), lines.get(l)));
                if (!theirs.isEmpty()) {
                    lineDiffs.add("  espeak-ng text: " + lines.get(l) + "\n    hlas:  (nothing)\n    sherpa: "
                            + theirs.stream().map(this::phonemes).collect(Collectors.joining(" | ")));
                }
            }
            int i = 0;
            while (i < sentences.size()) {
                HlasSentence first = sentences.get(i);
                List<long[]> theirs = byItem.get(new SherpaPeer.Item(ESPEAK_VOICE.get(first.voice()), first.text()));
                List<HlasSentence> ours = new ArrayList<>();
                while (ours.size() < theirs.size() && i < sentences.size() && sentences.get(i).text().equals(first.text())) {
                    ours.add(sentences.get(i++));
                }
                if (ours.isEmpty()) ours.add(sentences.get(i++)); // the peer made no sentence: still a difference
                sentencesCompared += Math.max(ours.size(), theirs.size());
                String hlasPhonemes = ours.stream().map(HlasSentence::phonemes).collect(Collectors.joining(" | "));
                String peerPhonemes = theirs.stream().map(this::phonemes).collect(Collectors.joining(" | "));
                boolean same = ours.size() == theirs.size();
                for (int k = 0; same && k < ours.size(); k++) same = Arrays.equals(ours.get(k).ids(), theirs.get(k));
                if (!same) {
                    lineDiffs.add("  espeak-ng text: " + first.text() + "\n    hlas:  " + hlasPhonemes
                            + "\n    sherpa: " + peerPhonemes);
                }
            }
            if (lineDiffs.isEmpty()) {
                if (known.contains(lines.get(l))) knownButEqual.add(lines.get(l));
                continue;
            }
            String report = corpusName + ": " + lines.get(l) + "\n" + String.join("\n", lineDiffs);
            if (known.contains(lines.get(l))) knownSeen.add(report);
            else differences.add(report);
        }
        corpusName = reportPrefix + corpusName;
        System.out.printf("%s: %d lines, %d distinct espeak-ng texts, %d sentences compared with sherpa-onnx; "
                        + "%d lines changed by Hlas's front-end before espeak-ng; %d empty peer sentences left out; "
                        + "%d differences, %d known (docs/ENGINES.md)%n",
                corpusName, lines.size(), itemList.size(), sentencesCompared, changedByFrontEnd.size(), emptyPeerSentences,
                differences.size(), knownSeen.size());
        knownSeen.forEach(k -> System.out.println("known difference: " + k));
        Path report = Path.of("target", "differential", corpusName.replace(".txt", "-differences.txt"));
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("\n", differences) + "\n", StandardCharsets.UTF_8);
        Files.writeString(report.resolveSibling(corpusName.replace(".txt", "-front-end.txt")),
                String.join("\n", changedByFrontEnd) + "\n", StandardCharsets.UTF_8);
        assertThat(differences).as("lines whose phoneme ids differ from sherpa-onnx (%d of %d)", differences.size(),
                lines.size()).isEmpty();
        assertThat(knownButEqual).as("known differences that are gone: remove them from known-differences.txt")
                .isEmpty();
    }

    private List<HlasSentence> hlasSentences(String line, String voice, String lang) throws Exception {
        String body = JSON.createObjectNode().put("input", line).put("voice", voice).put("lang", lang).toString();
        HttpResponse<byte[]> response = server.post("/v1/audio/phonemes", body);
        assertThat(response.statusCode()).as("phonemes of %s", line).isEqualTo(200);
        List<HlasSentence> out = new ArrayList<>();
        for (JsonNode s : JSON.readTree(response.body()).path("sentences")) {
            JsonNode idsNode = s.path("ids");
            long[] ids = new long[idsNode.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = idsNode.get(i).asLong();
            assertThat(ESPEAK_VOICE).as("voice of a sentence of %s", line).containsKey(s.path("voice").asText());
            out.add(new HlasSentence(s.path("text").asText(), s.path("voice").asText(), s.path("phonemes").asText(),
                    ids));
        }
        return out;
    }

    /** Hlas's espeak-ng binding on the whole line, its sentences mapped with the voices' id map. */
    private List<HlasSentence> engineSentences(String line, String voice) {
        Map<String, List<Integer>> idMap = SyntheticPiperVoice.idMap();
        List<HlasSentence> out = new ArrayList<>();
        for (String sentence : EspeakNative.load(null, null).phonemize(line, ESPEAK_VOICE.get(voice))) {
            List<Long> ids = new ArrayList<>(List.of(1L, 0L));
            Normalizer.normalize(sentence, Normalizer.Form.NFD).codePoints().forEach(cp -> {
                List<Integer> id = idMap.get(Character.toString(cp));
                if (id != null) {
                    ids.add((long) id.getFirst());
                    ids.add(0L);
                }
            });
            ids.add(2L);
            out.add(new HlasSentence(line, voice, sentence, ids.stream().mapToLong(Long::longValue).toArray()));
        }
        return out;
    }

    /** The phoneme string an id sequence {@code ^ _ (p _)* $} stands for. */
    private String phonemes(long[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 2; i < ids.length - 1; i += 2) sb.append(symbols.getOrDefault(ids[i], "<" + ids[i] + ">"));
        return sb.toString();
    }

    private static List<String> corpus(String name) throws IOException {
        try (InputStream in = PiperPhonemesDifferentialTest.class.getResourceAsStream("/differential/" + name)) {
            assertThat(in).as("corpus %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("##")).map(l -> l.replace("\\n", "\n")).toList();
        }
    }

    /**
     * Lines whose difference is understood and documented (docs/ENGINES.md), one corpus line per line; a line
     * starting with {@code [whole] } differs only when espeak-ng reads the whole line.
     */
    private static Set<String> knownDifferences(String mode) throws IOException {
        try (InputStream in = PiperPhonemesDifferentialTest.class
                .getResourceAsStream("/differential/known-differences.txt")) {
            if (in == null) return Set.of();
            String tag = "[" + mode.replace("-", "") + "] ";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("##"))
                    .filter(l -> !l.startsWith("[") || (!mode.isEmpty() && l.startsWith(tag)))
                    .map(l -> l.startsWith(tag) ? l.substring(tag.length()) : l)
                    .collect(Collectors.toSet());
        }
    }

    private record HlasSentence(String text, String voice, String phonemes, long[] ids) {
    }
}
