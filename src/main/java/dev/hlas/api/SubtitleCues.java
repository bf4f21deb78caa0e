package dev.hlas.api;

import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpokenWord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Subtitle cues from timings, written as SRT or WebVTT. A cue is a sentence (cut at word boundaries into cues of at
 * most two lines of at most {@value #LINE} characters when longer, each cue taking as many words as fit) or a single
 * word. Cues are in order and never overlap: a
 * cue that would run into the next ends where the next begins.
 */
final class SubtitleCues {
    static final int LINE = 42;
    static final int LINES = 2;

    /** One cue: its times in seconds and its lines. */
    record Cue(double start, double end, List<String> lines) {
    }

    private SubtitleCues() {
    }

    static List<Cue> cues(List<SentenceTiming> timings, String input, boolean perWord, double duration) {
        List<Cue> raw = new ArrayList<>();
        for (SentenceTiming sentence : timings) {
            List<SpokenWord> words = sentence.words();
            if (words.isEmpty()) continue;
            if (perWord) {
                for (SpokenWord w : words) raw.add(new Cue(w.start(), w.end(), List.of(clean(w.word()))));
                continue;
            }
            int from = 0;
            while (from < words.size()) {
                int to = from + 1;
                while (to < words.size() && fits(text(input, words.subList(from, to + 1)))) to++;
                List<SpokenWord> part = words.subList(from, to);
                raw.add(new Cue(part.getFirst().start(), part.getLast().end(), wrap(text(input, part))));
                from = to;
            }
        }
        List<Cue> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Cue c = raw.get(i);
            double start = out.isEmpty() ? c.start() : Math.max(c.start(), out.getLast().end());
            double end = i + 1 < raw.size() ? Math.min(c.end(), raw.get(i + 1).start()) : c.end();
            end = Math.min(Math.max(end, start), duration);
            start = Math.min(start, end);
            out.add(new Cue(start, end, c.lines()));
        }
        return out;
    }

    /** The input the words came from, from the first word's start to the last one's end, on one line. */
    private static String text(String input, List<SpokenWord> words) {
        int start = words.getFirst().charStart();
        int end = words.getLast().charEnd();
        String s = start < end && end <= input.length() ? input.substring(start, end)
                : String.join(" ", words.stream().map(SpokenWord::word).toList());
        return clean(s);
    }

    private static String clean(String s) {
        return s.replaceAll("\\s+", " ").replace("-->", "->").strip();
    }

    /** Whether a cue's text wraps into at most {@value #LINES} lines of at most {@value #LINE} characters. */
    static boolean fits(String text) {
        List<String> lines = wrap(text);
        return lines.size() <= LINES && lines.stream().allMatch(l -> l.length() <= LINE);
    }

    /**
     * Cuts a cue's text at spaces into lines of at most {@value #LINE} characters, each as full as it can be (a word
     * longer than a line gets a line of its own).
     */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > LINE) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    static String srt(List<Cue> cues) {
        StringBuilder b = new StringBuilder();
        int n = 1;
        for (Cue c : cues) {
            b.append(n++).append('\n').append(time(c.start(), ',')).append(" --> ").append(time(c.end(), ','))
                    .append('\n');
            c.lines().forEach(l -> b.append(l).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    static String vtt(List<Cue> cues) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        for (Cue c : cues) {
            b.append(time(c.start(), '.')).append(" --> ").append(time(c.end(), '.')).append('\n');
            c.lines().forEach(l -> b.append(l).append('\n'));
            b.append('\n');
        }
        return b.toString();
    }

    private static String time(double seconds, char separator) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                separator, ms % 1000);
    }
}
