package dev.hlas.engine.espeak;

/**
 * Which characters end a clause in espeak-ng, and with which clause value: espeak-ng's own classification of
 * punctuation (the espeak-ng-specific properties of its Unicode tables, as of 1.51), written out as data so the
 * terminator of a clause can be recovered from the text on libraries that do not report it. The values are
 * espeak-ng's clause bits (pause, intonation, type, "no space needed after"), the same numbers
 * {@code espeak_TextToPhonemesWithTerminator} reports; characters that do not end clauses have {@link #NONE}.
 */
final class EspeakPunctuation {
    static final int NONE = 0;

    private static final int INTONATION_COMMA = 0x1000;
    private static final int INTONATION_QUESTION = 0x2000;
    private static final int INTONATION_EXCLAMATION = 0x3000;
    /** The punctuation ends a clause even without a space after it (CJK full stops, inverted marks, ellipsis). */
    static final int SPACE_OPTIONAL = 0x8000;
    static final int TYPE_CLAUSE = 0x40000;
    static final int TYPE_SENTENCE = 0x80000;
    /** Armenian marks written inside a word: they change intonation but do not end the clause. */
    static final int IN_WORD = 0x100000;
    private static final int SPEAK_NAME = 0x200000;

    static final int PERIOD = 40 | TYPE_SENTENCE;
    static final int QUESTION = 40 | INTONATION_QUESTION | TYPE_SENTENCE;
    static final int EXCLAMATION = 45 | INTONATION_EXCLAMATION | TYPE_SENTENCE;
    static final int COMMA = 20 | INTONATION_COMMA | TYPE_CLAUSE;
    static final int COLON = 30 | TYPE_CLAUSE;
    static final int SEMICOLON = 30 | INTONATION_COMMA | TYPE_CLAUSE;
    /** "…", and three or more full stops, which espeak-ng reads as one ellipsis. */
    static final int ELLIPSIS = SEMICOLON | SPEAK_NAME | SPACE_OPTIONAL;
    static final int PARAGRAPH = 70 | TYPE_SENTENCE;

    /** Sorted, disjoint: first codepoint, last codepoint, clause value. */
    private static final int[] TABLE = {
            0x0021, 0x0021, EXCLAMATION,
            0x002C, 0x002C, COMMA,
            0x002E, 0x002E, PERIOD,
            0x003A, 0x003A, COLON,
            0x003B, 0x003B, SEMICOLON,
            0x003F, 0x003F, QUESTION,
            0x00A1, 0x00A1, SEMICOLON | SPACE_OPTIONAL,
            0x00BF, 0x00BF, SEMICOLON | SPACE_OPTIONAL,
            0x037E, 0x037E, QUESTION,
            0x0387, 0x0387, SEMICOLON,
            0x055B, 0x055C, EXCLAMATION | IN_WORD,
            0x055D, 0x055D, COMMA,
            0x055E, 0x055E, QUESTION | IN_WORD,
            0x0589, 0x0589, PERIOD | SPACE_OPTIONAL,
            0x060C, 0x060C, COMMA,
            0x061B, 0x061B, SEMICOLON,
            0x061F, 0x061F, QUESTION,
            0x06D4, 0x06D4, PERIOD,
            0x0700, 0x0700, PARAGRAPH,
            0x0701, 0x0701, PERIOD,
            0x0702, 0x0702, COMMA,
            0x0703, 0x0703, EXCLAMATION,
            0x0704, 0x0704, PERIOD,
            0x0706, 0x0707, COLON,
            0x0708, 0x0708, SEMICOLON,
            0x0709, 0x0709, QUESTION,
            0x07F8, 0x07F8, COMMA,
            0x07F9, 0x07F9, EXCLAMATION,
            0x0964, 0x0964, PERIOD | SPACE_OPTIONAL,
            0x0965, 0x0965, PARAGRAPH,
            0x0DF4, 0x0DF4, PERIOD | SPACE_OPTIONAL,
            0x0EAF, 0x0EAF, ELLIPSIS,
            0x0F0D, 0x0F0D, PERIOD | SPACE_OPTIONAL,
            0x0F0E, 0x0F0E, PARAGRAPH,
            0x0F14, 0x0F14, COMMA,
            0x10FB, 0x10FB, PARAGRAPH,
            0x1362, 0x1362, PERIOD,
            0x1363, 0x1363, COMMA,
            0x1364, 0x1364, SEMICOLON,
            0x1365, 0x1366, COLON,
            0x1367, 0x1367, QUESTION,
            0x1368, 0x1368, PARAGRAPH,
            0x166E, 0x166E, PERIOD,
            0x1801, 0x1801, ELLIPSIS,
            0x1802, 0x1802, COMMA,
            0x1803, 0x1803, PERIOD,
            0x1804, 0x1804, COLON,
            0x1808, 0x1808, COMMA,
            0x1809, 0x1809, PERIOD,
            0x1944, 0x1944, EXCLAMATION,
            0x1945, 0x1945, QUESTION,
            0x2013, 0x2014, SEMICOLON,
            0x2026, 0x2026, ELLIPSIS,
            0x203C, 0x203C, EXCLAMATION,
            0x2047, 0x2047, QUESTION,
            0x204F, 0x204F, SEMICOLON,
            0x22EE, 0x22F1, ELLIPSIS,
            0x2488, 0x249B, PERIOD,
            0x2753, 0x2754, QUESTION,
            0x2755, 0x2755, EXCLAMATION,
            0x2757, 0x2757, EXCLAMATION,
            0x2762, 0x2763, EXCLAMATION,
            0x2982, 0x2982, COLON,
            0x2CF9, 0x2CF9, PERIOD,
            0x2CFA, 0x2CFB, QUESTION,
            0x2CFE, 0x2CFE, PERIOD,
            0x2E32, 0x2E32, COMMA,
            0x2E33, 0x2E33, PERIOD,
            0x2E34, 0x2E34, COMMA,
            0x2E35, 0x2E35, SEMICOLON,
            0x2E3A, 0x2E3B, SEMICOLON,
            0x2E3C, 0x2E3C, PERIOD,
            0x2E41, 0x2E41, COMMA,
            0x3001, 0x3001, COMMA | SPACE_OPTIONAL,
            0x3002, 0x3002, PERIOD | SPACE_OPTIONAL,
            0xA4FE, 0xA4FE, COMMA,
            0xA4FF, 0xA4FF, PERIOD,
            0xA60D, 0xA60D, COMMA,
            0xA60E, 0xA60E, PERIOD,
            0xA60F, 0xA60F, QUESTION,
            0xA6F3, 0xA6F3, PERIOD,
            0xA6F4, 0xA6F4, COLON,
            0xA6F5, 0xA6F5, COMMA,
            0xA6F6, 0xA6F6, SEMICOLON,
            0xA6F7, 0xA6F7, QUESTION,
            0xFE10, 0xFE11, COMMA,
            0xFE12, 0xFE12, PERIOD,
            0xFE13, 0xFE13, COLON,
            0xFE14, 0xFE14, SEMICOLON,
            0xFE15, 0xFE15, EXCLAMATION,
            0xFE16, 0xFE16, QUESTION,
            0xFE19, 0xFE19, ELLIPSIS,
            0xFE31, 0xFE32, SEMICOLON,
            0xFE50, 0xFE51, COMMA,
            0xFE52, 0xFE52, PERIOD,
            0xFE54, 0xFE54, SEMICOLON,
            0xFE55, 0xFE55, COLON,
            0xFE56, 0xFE56, QUESTION,
            0xFE57, 0xFE57, EXCLAMATION,
            0xFF01, 0xFF01, EXCLAMATION | SPACE_OPTIONAL,
            0xFF0C, 0xFF0C, COMMA | SPACE_OPTIONAL,
            0xFF0E, 0xFF0E, PERIOD | SPACE_OPTIONAL,
            0xFF1A, 0xFF1A, COLON | SPACE_OPTIONAL,
            0xFF1B, 0xFF1B, SEMICOLON | SPACE_OPTIONAL,
            0xFF1F, 0xFF1F, QUESTION | SPACE_OPTIONAL,
            0xFF61, 0xFF61, PERIOD,
            0xFF64, 0xFF64, COMMA,
            0x11143, 0x11143, QUESTION,
            0x1144D, 0x1144D, COMMA,
            0x12471, 0x12472, COLON,
            0x16AF5, 0x16AF5, PERIOD,
            0x1BC9F, 0x1BC9F, PERIOD,
            0x1DA87, 0x1DA87, COMMA,
            0x1DA88, 0x1DA88, PERIOD,
            0x1DA89, 0x1DA89, SEMICOLON,
            0x1DA8A, 0x1DA8A, COLON,
            0x1E95E, 0x1E95E, EXCLAMATION,
            0x1E95F, 0x1E95F, QUESTION,
            0x1F100, 0x1F100, PERIOD,
            0x1F101, 0x1F10A, COMMA,
            0xE0021, 0xE0021, EXCLAMATION,
            0xE002C, 0xE002C, COMMA,
            0xE002E, 0xE002E, PERIOD,
            0xE003A, 0xE003A, COLON,
            0xE003B, 0xE003B, SEMICOLON,
            0xE003F, 0xE003F, QUESTION
    };

    private EspeakPunctuation() {
    }

    /** espeak-ng's clause value of a character, or {@link #NONE}. */
    static int clauseType(int codepoint) {
        int lo = 0;
        int hi = TABLE.length / 3 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (codepoint < TABLE[mid * 3]) hi = mid - 1;
            else if (codepoint > TABLE[mid * 3 + 1]) lo = mid + 1;
            else return TABLE[mid * 3 + 2];
        }
        return NONE;
    }

    /** Whether the character ends a clause (Armenian in-word marks do not). */
    static boolean endsClause(int codepoint) {
        int type = clauseType(codepoint);
        return type != NONE && (type & IN_WORD) == 0;
    }
}
