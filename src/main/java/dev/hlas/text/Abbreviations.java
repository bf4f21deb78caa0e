package dev.hlas.text;

import java.util.Locale;
import java.util.Set;

/**
 * Abbreviations that end with a full stop, for the sentence splitter (the normalizers expand them). Shared by all
 * languages: a Czech text quoting "Dr. Smith" must not be cut either.
 */
final class Abbreviations {
    /** Never end a sentence: titles and abbreviations that always have something after them. */
    private static final Set<String> NEVER_FINAL = Set.of(
            // English
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "e.g", "i.e", "approx", "fig",
            "ca", "mt", "gen", "col", "lt", "sgt", "capt", "rev", "hon", "ave", "blvd", "rd", "dept", "est", "vol",
            "pp", "p", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            // Czech and Slovak
            "např", "napr", "tj", "tzv", "tzn", "mj", "resp", "č", "čís", "str", "ul", "nám", "sv", "hod", "min",
            "tis", "mil", "mld", "tel", "obr", "kap", "odd", "tab", "viz", "srov", "př", "popř", "cca", "ing", "mgr",
            "bc", "mudr", "judr", "phdr", "rndr", "mvdr", "paeddr", "doc", "pí", "sl", "zvl", "max", "tr",
            "spol", "čj", "řed", "r", "roč",
            // German
            "z.b", "bzw", "nr", "d.h", "u.a", "vgl", "hr", "fr", "ggf", "evtl", "inkl", "zzgl");
    /** End a sentence only when a capitalised word follows ("…, etc. Then …"). */
    private static final Set<String> MAYBE_FINAL = Set.of("etc", "atd", "apod", "aj", "usw", "inc", "ltd", "co",
            "corp", "a.s", "s.r.o", "ph.d", "a.m", "p.m", "u.s", "u.k", "n.l", "atp", "mm", "sro", "cs",
            "event");
    /** Never final, but only as written: "Ft. Bragg" (Fort), while "6 ft. Then" ends a sentence. */
    private static final Set<String> NEVER_FINAL_AS_WRITTEN = Set.of("Ft");

    private Abbreviations() {
    }

    /** @param word the word before the full stop, without it (e.g. {@code např}, {@code e.g}) */
    static boolean neverFinal(String word) {
        return NEVER_FINAL.contains(word.toLowerCase(Locale.ROOT)) || NEVER_FINAL_AS_WRITTEN.contains(word);
    }

    static boolean maybeFinal(String word) {
        return MAYBE_FINAL.contains(word.toLowerCase(Locale.ROOT));
    }
}
