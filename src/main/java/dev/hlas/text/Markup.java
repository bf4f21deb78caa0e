package dev.hlas.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What lexicons and SSML do to one sentence: replacements before normalization (aliases, {@code <say-as>}), pieces
 * with phonemes given (phoneme entries, {@code <phoneme>}), its rate, marks and warnings.
 */
final class Markup {
    private final SsmlDocument doc;
    private final List<Lexicon> lexicons;
    private final int from;
    private final int to;

    Markup(SsmlDocument doc, List<Lexicon> lexicons, int from, int to) {
        this.doc = doc;
        this.lexicons = lexicons;
        this.from = from;
        this.to = to;
    }

    /** The language of the innermost {@code <lang>} around {@code position}, or null. */
    static String language(SsmlDocument doc, int position) {
        for (SsmlDocument.Span s : doc.spans()) { // inner elements end, and are listed, first
            if (s.kind() == SsmlDocument.Kind.LANG && s.start() <= position && position < s.end()) return s.value();
        }
        return null;
    }

    /** Phonemes given for {@code [start, end)} of the sentence. */
    private record Given(int start, int end, String phonemes, String alias, String source) {
    }

    /** The sentence with its replacements applied, and what to give the engine besides its text. */
    record Prepared(Rewrite rewrite, List<Given> given, List<PronunciationMatch> matches, double rate,
                    List<SsmlDocument.MarkAt> marks, List<String> warnings, CleanText clean, int from) {

        /** The delivery of the normalized sentence {@code n} made from {@code rewrite}. */
        Delivery delivery(SpokenText.Normalized n, Rewrite rewrite) {
            List<GivenPhonemes> phonemes = new ArrayList<>();
            int lastEnd = 0;
            for (Given g : given) {
                int a = rewrite.rewritten(g.start());
                int b = rewrite.rewritten(g.end());
                int lo = Integer.MAX_VALUE;
                int hi = -1;
                for (int[] s : n.spans()) {
                    boolean overlaps = s[2] < b && s[3] > a || s[2] == s[3] && s[2] >= a && s[2] < b;
                    if (!overlaps) continue;
                    if (s[1] - s[0] == s[3] - s[2]) { // copied char for char: take just the part inside
                        lo = Math.min(lo, s[0] + Math.max(0, a - s[2]));
                        hi = Math.max(hi, s[0] + Math.min(s[3], b) - s[2]);
                    } else {
                        lo = Math.min(lo, s[0]);
                        hi = Math.max(hi, s[1]);
                    }
                }
                if (hi < 0) continue;
                while (lo < hi && n.text().charAt(lo) == ' ') lo++;
                while (hi > lo && n.text().charAt(hi - 1) == ' ') hi--;
                if (hi <= lo || lo < lastEnd) continue;
                phonemes.add(new GivenPhonemes(lo, hi, g.phonemes(), g.alias(), g.source()));
                lastEnd = hi;
            }
            List<Mark> out = new ArrayList<>();
            for (SsmlDocument.MarkAt m : marks) {
                int a = rewrite.rewritten(m.position());
                int offset = n.text().length();
                for (int[] s : n.spans()) {
                    if (s[3] > a && s[1] - s[0] == s[3] - s[2]) {
                        offset = s[0] + Math.max(0, a - s[2]);
                        break;
                    }
                    if (s[2] >= a) {
                        offset = s[0];
                        break;
                    }
                }
                out.add(new Mark(m.name(), offset, clean.originalIndex(from + m.position())));
            }
            return new Delivery(phonemes, matches, 0, rate, out, warnings);
        }
    }

    Prepared prepare(String raw, String language, CleanText clean) {
        List<Rewrite.Replacement> replacements = new ArrayList<>();
        List<Given> given = new ArrayList<>();
        List<PronunciationMatch> matches = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<SsmlDocument.MarkAt> marks = new ArrayList<>();
        boolean[] taken = new boolean[raw.length()];
        double rate = 1.0;
        if (doc != null) {
            for (SsmlDocument.Span span : doc.spans()) {
                if (span.kind() == SsmlDocument.Kind.RATE && span.start() <= from && from < span.end()) {
                    rate *= Double.parseDouble(span.value());
                }
                int s = Math.max(span.start(), from) - from;
                int e = Math.min(span.end(), to) - from;
                if (e <= s || span.kind() == SsmlDocument.Kind.LANG || span.kind() == SsmlDocument.Kind.RATE
                        || span.kind() == SsmlDocument.Kind.EMPHASIS || overlaps(taken, s, e)) {
                    continue;
                }
                String content = raw.substring(s, e);
                switch (span.kind()) {
                    case SAY_AS -> {
                        String reading = SayAs.render(span.value(), span.format(), content, language);
                        if (reading == null) {
                            warnings.add("say-as interpret-as=\"" + span.value() + "\" not read as asked: \""
                                    + content + "\"");
                            continue;
                        }
                        replacements.add(new Rewrite.Replacement(s, e, reading));
                        matches.add(match(clean, "ssml:say-as", content, reading, null, s, e));
                    }
                    case PHONEME -> {
                        given.add(new Given(s, e, span.value(), null, "ssml"));
                        matches.add(match(clean, "ssml:phoneme", content, null, span.value(), s, e));
                    }
                    case SUB -> matches.add(match(clean, "ssml:sub", span.format(), span.value(), null, s, e));
                    default -> {
                    }
                }
                for (int i = s; i < e; i++) taken[i] = true;
            }
            for (SsmlDocument.MarkAt m : doc.marks()) {
                boolean last = to == doc.text().length() || doc.boundaries().contains(to);
                if (m.position() >= from && (m.position() < to || m.position() == to && last)) {
                    marks.add(new SsmlDocument.MarkAt(m.position() - from, m.name()));
                }
            }
        }
        if (!lexicons.isEmpty()) {
            for (LexiconMatcher.Hit hit : new LexiconMatcher(lexicons, language).find(raw)) {
                if (overlaps(taken, hit.start(), hit.end())) continue;
                LexiconEntry entry = hit.entry();
                String source = "lexicon:" + hit.lexicon();
                String written = raw.substring(hit.start(), hit.end());
                if (entry.phonemes() != null) {
                    given.add(new Given(hit.start(), hit.end(), entry.phonemes(), entry.alias(), source));
                } else {
                    replacements.add(new Rewrite.Replacement(hit.start(), hit.end(), entry.alias()));
                }
                matches.add(match(clean, source, written, entry.alias(), entry.phonemes(), hit.start(), hit.end()));
                for (int i = hit.start(); i < hit.end(); i++) taken[i] = true;
            }
        }
        replacements.sort(Comparator.comparingInt(Rewrite.Replacement::start));
        given.sort(Comparator.comparingInt(Given::start));
        matches.sort(Comparator.comparingInt(PronunciationMatch::originalStart));
        return new Prepared(Rewrite.of(raw, replacements), given, matches, rate, marks, warnings, clean, from);
    }

    private PronunciationMatch match(CleanText clean, String source, String grapheme, String alias, String phonemes,
                                     int s, int e) {
        return new PronunciationMatch(source, grapheme, alias, phonemes, clean.originalIndex(from + s),
                clean.originalEnd(from + e));
    }

    private static boolean overlaps(boolean[] taken, int s, int e) {
        for (int i = s; i < e; i++) if (taken[i]) return true;
        return false;
    }

    /**
     * Adds each {@code <break>} as silence after the sentence before it (a break before the first sentence is
     * dropped), and the unknown elements as a warning on the first sentence.
     */
    static List<Sentence> withBreaksAndWarnings(List<Sentence> sentences, List<int[]> ranges, SsmlDocument doc) {
        if (sentences.isEmpty()) return sentences;
        int[] pause = new int[sentences.size()];
        for (SsmlDocument.Break b : doc.breaks()) {
            int target = -1;
            for (int i = 0; i < ranges.size(); i++) if (ranges.get(i)[1] <= b.position()) target = i;
            if (target >= 0) pause[target] = Math.min(SsmlParser.MAX_BREAK_MILLIS, pause[target] + b.millis());
        }
        List<Sentence> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            Delivery d = s.delivery();
            List<String> warnings = new ArrayList<>(d.warnings());
            if (i == 0 && !doc.unknown().isEmpty()) {
                warnings.addFirst("SSML not interpreted (text read): " + String.join(", ", doc.unknown()));
            }
            d = new Delivery(d.phonemes(), d.matches(), pause[i], d.rate(), d.marks(), warnings);
            out.add(new Sentence(s.text(), s.language(), s.start(), s.end(), s.spans(), s.decision(), d));
        }
        return out;
    }
}
