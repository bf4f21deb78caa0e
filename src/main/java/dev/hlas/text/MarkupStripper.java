package dev.hlas.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Arrays;

/**
 * Removes what must not be read aloud — Markdown syntax, code-fence lines, HTML tags, emoji — while keeping every
 * word and the original offset of every kept char. Line structure is kept: each line ends with {@code \n}, so the
 * splitter can end sentences at line breaks, headings and list items.
 *
 * <p>Deliberately conservative: an ordered-list marker such as {@code 1.} is dropped only when an upper-case letter
 * follows, because {@code 1. ledna} at the start of a Czech line is a date, not a list item.
 */
final class MarkupStripper {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*$");
    private static final Pattern RULE = Pattern.compile("^\\s*([-*_=]\\s*){3,}$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\s*\\|?(\\s*:?-{2,}:?\\s*\\|)+\\s*:?-*:?\\s*$");
    private static final Pattern LINE_PREFIX = Pattern.compile(
            "^(\\s*(#{1,6}\\s+|>\\s?)+)|^\\s*([-*+•▪◦‣·]\\s+)|^\\s*(\\d{1,3}[.)]\\s+)(?=\\p{Lu}|\\*|_|\\[)");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]\\n]*)\\]\\([^)\\s]*(\\s+\"[^\"]*\")?\\)");
    private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9]*(\\s[^<>]*)?/?>");
    private static final Pattern AUTOLINK = Pattern.compile("<((https?://|mailto:)[^<>\\s]+)>");

    private MarkupStripper() {
    }

    static CleanText strip(String input) {
        StringBuilder out = new StringBuilder(input.length() + 8);
        IntList origin = new IntList(input.length() + 8);
        int lineStart = 0;
        while (lineStart < input.length()) {
            int lineEnd = input.indexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = input.length();
            int contentEnd = lineEnd > lineStart && input.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            String line = input.substring(lineStart, contentEnd);
            if (!FENCE.matcher(line).matches() && !RULE.matcher(line).matches()
                    && !TABLE_SEPARATOR.matcher(line).matches()) {
                stripLine(line, lineStart, out, origin);
            }
            out.append('\n');
            origin.add(Math.min(contentEnd, Math.max(0, input.length() - 1)));
            lineStart = lineEnd + 1;
        }
        origin.add(input.length());
        return new CleanText(out.toString(), Arrays.copyOf(origin.data, origin.size));
    }

    private static void stripLine(String line, int offset, StringBuilder out, IntList origin) {
        boolean[] drop = new boolean[line.length()];
        Matcher prefix = LINE_PREFIX.matcher(line);
        if (prefix.lookingAt()) Arrays.fill(drop, 0, prefix.end(), true);
        Matcher link = LINK.matcher(line);
        while (link.find()) {
            for (int i = link.start(); i < link.end(); i++) {
                if (i < link.start(1) || i >= link.end(1)) drop[i] = true;
            }
        }
        Matcher auto = AUTOLINK.matcher(line);
        while (auto.find()) {
            drop[auto.start()] = true;
            drop[auto.end() - 1] = true;
        }
        Matcher tag = HTML_TAG.matcher(line);
        while (tag.find()) {
            if (!drop[tag.start()]) Arrays.fill(drop, tag.start(), tag.end(), true);
        }
        markEmphasis(line, drop);
        // emit, turning emoji and table pipes into a space so neighbouring words stay apart
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int n = Character.charCount(cp);
            if (!drop[i]) {
                if (isEmoji(cp) || cp == '|') {
                    if (out.length() > 0 && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
                        out.append(' ');
                        origin.add(offset + i);
                    }
                } else {
                    for (int k = 0; k < n; k++) {
                        out.append(line.charAt(i + k));
                        origin.add(offset + i + k);
                    }
                }
            }
            i += n;
        }
    }

    /** Drops {@code **}, {@code __}, {@code ~~}, backticks, and single {@code *}/{@code _} used as emphasis. */
    private static void markEmphasis(String line, boolean[] drop) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                drop[i] = true;
            } else if ((c == '*' || c == '_' || c == '~') && i + 1 < line.length() && line.charAt(i + 1) == c) {
                drop[i] = true;
                drop[i + 1] = true;
                i++;
            } else if (c == '*' || c == '_') {
                char before = i > 0 ? line.charAt(i - 1) : ' ';
                char after = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
                boolean opens = !Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
                boolean closes = Character.isLetterOrDigit(before) && !Character.isLetterOrDigit(after)
                        && !Character.isWhitespace(before);
                if (c == '*' && (opens || closes)) drop[i] = true;
                if (c == '_' && (opens || closes) && !(Character.isLetterOrDigit(before)
                        && Character.isLetterOrDigit(after))) drop[i] = true;
            }
        }
    }

    static boolean isEmoji(int cp) {
        if (cp < 0x2000) return cp == 0xA9 || cp == 0xAE;
        if (cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3) return true;
        if (cp >= 0x1F3FB && cp <= 0x1F3FF) return true;
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return true;
        if (cp >= 0xE0020 && cp <= 0xE007F) return true;
        return UCharacter.hasBinaryProperty(cp, UProperty.EXTENDED_PICTOGRAPHIC);
    }

    /** A growable int array (avoids boxing on the hot path). */
    static final class IntList {
        int[] data;
        int size;

        IntList(int capacity) {
            data = new int[Math.max(16, capacity)];
        }

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }
}
