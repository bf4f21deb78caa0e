package dev.hlas.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the audio ranges of the words a model spoke (from its durations) into {@link WordMark}s on the utterance
 * text, for engines that phonemize a whole utterance and time its phoneme words (Piper, Kokoro).
 */
public final class SpokenWords {
    private SpokenWords() {
    }

    /**
     * One exact mark per written word when the model spoke as many words as the text has (the usual case), else
     * one estimated mark over all the speech (the phonemizer joined or split some words, e.g. a one-letter Czech
     * preposition spoken with the next word).
     *
     * @param spoken {startSample, endSample} of each spoken word, in order
     */
    public static List<WordMark> marks(String text, List<long[]> spoken, long speechStart, long speechEnd) {
        List<int[]> written = written(text);
        if (written.size() == spoken.size()) {
            List<WordMark> marks = new ArrayList<>(written.size());
            for (int i = 0; i < written.size(); i++) {
                marks.add(new WordMark(written.get(i)[0], written.get(i)[1], spoken.get(i)[0],
                        Math.max(spoken.get(i)[0], spoken.get(i)[1]), true));
            }
            return marks;
        }
        return List.of(new WordMark(0, text.length(), speechStart, Math.max(speechStart, speechEnd), false));
    }

    /** Runs of letters, digits and marks, with inner apostrophes and hyphens, as {start, end}. */
    public static List<int[]> written(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length()) {
                int c = text.codePointAt(i);
                if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
                    i += Character.charCount(c);
                } else if ((c == '\'' || c == '’' || c == '-') && i + 1 < text.length()
                        && Character.isLetterOrDigit(text.codePointAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            out.add(new int[]{start, i});
        }
        return out;
    }
}
