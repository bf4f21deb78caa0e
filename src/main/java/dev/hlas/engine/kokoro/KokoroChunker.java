package dev.hlas.engine.kokoro;

import dev.hlas.engine.FirstChunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an utterance's phonemes into model-sized chunks: Kokoro reads at most {@value #MAX_PHONEMES} phonemes per
 * run (512 tokens with the two pads; see docs/ENGINES.md, "Kokoro").
 *
 * <p>The engine's default ({@link #whole()}) only cuts what exceeds the model's context: the short first chunk of a
 * response comes from the plan's {@link FirstChunk} rule, the same for every engine. With a {@code firstTarget}
 * below the limit ({@link #defaults()}), an utterance's first chunk is also cut early, at the last good boundary
 * within {@code firstTarget} phonemes, and the rest fill the model's context; utterances only a little longer than
 * the target stay whole: an extra run costs time and a cut mid-sentence costs prosody.
 *
 * <p>Cut points, best first (after hexgrad's {@code waterfall_last}): after {@code . ! ? …}, after {@code : ;},
 * after {@code , —}, at a space; a chunk with no such point within the limit is cut hard.
 */
public record KokoroChunker(int firstTarget, int maxPhonemes) {
    /** The model's context, in phonemes. */
    public static final int MAX_PHONEMES = 510;
    /** Default soft length of the first chunk: about 5 s of speech. */
    public static final int DEFAULT_FIRST_TARGET = 100;
    /** A cut point closer than this to a chunk's start is not taken (except as the last resort). */
    static final int MIN_CHUNK = 12;
    private static final String[] BOUNDARIES = {".!?…", ":;", ",—"};

    public KokoroChunker {
        if (maxPhonemes < 1 || maxPhonemes > MAX_PHONEMES) {
            throw new IllegalArgumentException("chunk limit must be 1–" + MAX_PHONEMES + ": " + maxPhonemes);
        }
        if (firstTarget < 1 || firstTarget > maxPhonemes) {
            throw new IllegalArgumentException("first chunk target must be 1–" + maxPhonemes + ": " + firstTarget);
        }
    }

    /** A short first chunk, then full context: the rule of this engine alone, before {@link FirstChunk}. */
    public static KokoroChunker defaults() {
        return new KokoroChunker(DEFAULT_FIRST_TARGET, MAX_PHONEMES);
    }

    /**
     * Full context for every chunk, the engine's default: the first chunk of a response is cut by the plan's
     * {@link FirstChunk} rule, the same for every engine, so the engine only cuts what does not fit the model.
     */
    public static KokoroChunker whole() {
        return new KokoroChunker(MAX_PHONEMES, MAX_PHONEMES);
    }

    /**
     * Splits a phoneme string (Kokoro symbols only, so one char is one token).
     *
     * @return non-empty chunks of at most {@link #maxPhonemes} chars each, in order; empty for blank input
     */
    public List<String> split(String phonemes) {
        List<String> chunks = new ArrayList<>();
        String rest = phonemes.strip();
        if (rest.isEmpty()) return chunks;
        // Keep short utterances whole; cut the first chunk early only when it saves real waiting time.
        boolean cutFirst = rest.length() > firstTarget + firstTarget / 2;
        int limit = cutFirst ? firstTarget : maxPhonemes;
        while (!rest.isEmpty()) {
            if (rest.length() <= limit) {
                chunks.add(rest);
                break;
            }
            int cut = cutPoint(rest, limit);
            chunks.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
            limit = maxPhonemes;
        }
        return chunks;
    }

    /** Where to cut {@code s} (longer than {@code limit}): the end index of the first chunk, 1…limit. */
    static int cutPoint(String s, int limit) {
        for (String marks : BOUNDARIES) {
            for (int i = limit; i >= MIN_CHUNK; i--) {
                // A cut after s[i-1]; the char after it must not start the same word (s[i] is a space or end).
                if (marks.indexOf(s.charAt(i - 1)) >= 0 && (i == s.length() || s.charAt(i) == ' ')) return i;
            }
        }
        for (int i = limit; i >= MIN_CHUNK; i--) {
            if (s.charAt(i) == ' ') return i;
        }
        return limit;
    }
}
