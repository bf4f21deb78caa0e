package dev.hlas.engine.piper;

import java.text.Normalizer;
import java.util.ArrayList;
import dev.hlas.engine.PhonemeIds;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Phonemes → model ids, exactly as piper1-gpl does it (see docs/ENGINES.md, "Piper"): the sentence string is
 * NFD-normalized and split into codepoints (so combining diacritics are phonemes of their own), optional vowel
 * clusters are merged greedily, and the ids are {@code ^ _ (p _)* $}, read from the voice's own map. Phonemes the map
 * lacks are skipped and reported. Immutable and thread-safe.
 */
public final class PhonemeIdMapper {
    private final Map<String, long[]> idMap;
    private final List<List<String>> clusters;
    private final long[] bos;
    private final long[] pad;
    private final long[] eos;

    public PhonemeIdMapper(PiperOnnxJson config) {
        this.idMap = config.phonemeIdMap();
        this.clusters = config.vowelClusters().stream()
                .sorted((a, b) -> Integer.compare(b.size(), a.size())).toList();
        this.bos = idMap.get("^");
        this.pad = idMap.get("_");
        this.eos = idMap.get("$");
    }

    /** The phonemes of a sentence string: NFD codepoints, vowel clusters merged. */
    public List<String> split(String sentence) {
        String nfd = Normalizer.normalize(sentence, Normalizer.Form.NFD);
        List<String> phonemes = new ArrayList<>();
        nfd.codePoints().forEach(cp -> phonemes.add(Character.toString(cp)));
        return clusters.isEmpty() ? phonemes : mergeClusters(phonemes);
    }

    private List<String> mergeClusters(List<String> phonemes) {
        List<String> merged = new ArrayList<>(phonemes.size());
        int i = 0;
        outer:
        while (i < phonemes.size()) {
            for (List<String> cluster : clusters) {
                if (i + cluster.size() <= phonemes.size() && phonemes.subList(i, i + cluster.size()).equals(cluster)) {
                    merged.add(String.join("", cluster));
                    i += cluster.size();
                    continue outer;
                }
            }
            merged.add(phonemes.get(i++));
        }
        return merged;
    }

    /** Maps one sentence's phoneme string to model ids. */
    public PhonemeIds map(String sentence) {
        List<String> phonemes = split(sentence);
        long[] out = new long[bos.length + pad.length + phonemes.size() * 2 * Math.max(1, pad.length) * 2 + eos.length];
        int n = 0;
        n = append(out, n, bos);
        n = append(out, n, pad);
        List<String> unknown = new ArrayList<>();
        for (String p : phonemes) {
            long[] ids = idMap.get(p);
            if (ids == null) {
                unknown.add(p);
                continue;
            }
            if (n + ids.length + pad.length + eos.length > out.length) out = Arrays.copyOf(out, out.length * 2 + ids.length);
            n = append(out, n, ids);
            n = append(out, n, pad);
        }
        n = append(out, n, eos);
        return new PhonemeIds(sentence, Arrays.copyOf(out, n), unknown);
    }

    /**
     * The frames of each spoken word of a mapped sentence, from the model's frames per id: a word is a run of
     * phonemes between spaces and punctuation, and owns its phonemes' ids and the pad after each. BOS and its pad,
     * spaces, punctuation and EOS belong to no word, so silence there stays between words.
     *
     * @param durations frames per id, as many as {@code mapped.ids()}
     * @return {startFrame, endFrame} per word, in order
     */
    public List<long[]> wordFrames(PhonemeIds mapped, float[] durations) {
        List<long[]> words = new ArrayList<>();
        long frame = 0;
        int at = 0;
        for (int k = 0; k < bos.length + pad.length; k++) frame += Math.round(durations[at++]);
        long wordStart = -1;
        for (String p : split(mapped.phonemes())) {
            long[] ids = idMap.get(p);
            if (ids == null) continue;
            boolean separator = p.isBlank() || !p.codePoints().allMatch(cp -> Character.isLetter(cp)
                    || Character.getType(cp) == Character.NON_SPACING_MARK
                    || Character.getType(cp) == Character.MODIFIER_LETTER || Character.getType(cp) == Character.MODIFIER_SYMBOL);
            if (separator && wordStart >= 0) {
                words.add(new long[]{wordStart, frame});
                wordStart = -1;
            } else if (!separator && wordStart < 0) {
                wordStart = frame;
            }
            for (int k = 0; k < ids.length + pad.length && at < durations.length; k++) frame += Math.round(durations[at++]);
        }
        if (wordStart >= 0) words.add(new long[]{wordStart, frame});
        return words;
    }

    private static int append(long[] out, int n, long[] ids) {
        System.arraycopy(ids, 0, out, n, ids.length);
        return n + ids.length;
    }
}
