package dev.hlas.stt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a recognizer heard.
 *
 * @param language the language spoken (ISO-639-1), or null when the engine could not say
 * @param duration seconds of audio recognized
 * @param segments the segments in time order
 */
public record Transcript(String language, double duration, List<Segment> segments) {
    public Transcript {
        segments = List.copyOf(segments);
    }

    /** The whole text: the segments' texts joined, trimmed. */
    public String text() {
        return segments.stream().map(Segment::text).collect(Collectors.joining()).trim();
    }

    /**
     * Word timings. The engine reports times per segment only, so each segment's span is shared among its words in
     * proportion to their length (letters plus one): an estimate that keeps words in order, inside their segment,
     * and never overlapping.
     */
    public List<Word> words() {
        List<Word> words = new ArrayList<>();
        for (Segment segment : segments) {
            String[] parts = segment.text().trim().split("\\s+");
            int total = 0;
            for (String part : parts) {
                if (!part.isEmpty()) total += part.length() + 1;
            }
            if (total == 0) continue;
            double span = segment.end() - segment.start();
            int seen = 0;
            for (String part : parts) {
                if (part.isEmpty()) continue;
                double start = segment.start() + span * seen / total;
                seen += part.length() + 1;
                double end = segment.start() + span * seen / total;
                words.add(new Word(part, round(start), round(end)));
            }
        }
        return words;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
