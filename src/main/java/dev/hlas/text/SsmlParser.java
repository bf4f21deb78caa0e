package dev.hlas.text;

import dev.hlas.error.HlasException;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SSML subset Hlas speaks (see docs/pronunciation.md) into an {@link SsmlDocument}. The public entry point
 * for every transport that accepts SSML.
 *
 * <p>Safe by construction: the JDK's StAX parser with DTD support and external entities switched off, and any
 * {@code <!DOCTYPE>} refused outright, so no entity is ever expanded (no billion laughs) and no file or URL is ever
 * opened (no XXE). Nesting deeper than {@value #MAX_DEPTH} elements is refused. Every problem is a 400 naming the
 * line and column.
 */
public final class SsmlParser {
    /** Deepest element nesting accepted. */
    public static final int MAX_DEPTH = 32;
    /** Longest break honoured; longer ones are cut to this. */
    public static final int MAX_BREAK_MILLIS = 10_000;
    private static final Pattern SPEAK_ROOT = Pattern.compile(
            "\\A\\s*(<\\?xml[^>]*\\?>\\s*)?(<speak[\\s>/]|<!DOCTYPE\\s+speak)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> KNOWN = Set.of("speak", "p", "s", "break", "sub", "phoneme", "say-as", "lang",
            "prosody", "emphasis", "mark", "paragraph", "sentence");
    static final XMLInputFactory FACTORY = factory();
    private static final String ERROR_PREFIX = "Malformed SSML";

    private SsmlParser() {
    }

    /** Whether {@code e} is this parser refusing its input (not, say, an input with nothing to speak). */
    public static boolean refused(HlasException e) {
        return e.getMessage() != null && e.getMessage().startsWith(ERROR_PREFIX);
    }

    /** Whether {@code input} is SSML by its look: a {@code <speak>} root (or a DOCTYPE naming one, which is then
     * refused), perhaps after an XML declaration. */
    public static boolean looksLikeSsml(String input) {
        return input != null && SPEAK_ROOT.matcher(input).lookingAt();
    }

    /**
     * Parses SSML.
     *
     * @throws HlasException 400 ({@code param} {@code input}) for malformed or hostile XML, a root other than
     *                       {@code <speak>}, or a bad attribute value
     */
    public static SsmlDocument parse(String input) {
        refuseDoctype(input);
        try {
            return new Reader(input).read();
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String message = e.getMessage() == null ? "not well-formed" : e.getMessage();
            int cut = message.indexOf("Message: ");
            if (cut >= 0) message = message.substring(cut + 9);
            throw at == null ? HlasException.invalid("input", ERROR_PREFIX + ": " + message.strip())
                    : malformed(at.getLineNumber(), at.getColumnNumber(), message.strip());
        }
    }

    /**
     * Refuses a document type declaration before any parser sees it: with DTD support off the JDK's reader skips an
     * external DTD silently, and Hlas wants every such input refused, not half-read.
     */
    static void refuseDoctype(String xml) {
        int at = indexOfIgnoreCase(xml, "<!DOCTYPE");
        if (at < 0) at = indexOfIgnoreCase(xml, "<!ENTITY");
        if (at < 0) return;
        int line = 1;
        int column = 1;
        for (int i = 0; i < at; i++) {
            if (xml.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        throw malformed(line, column, "DOCTYPE and ENTITY declarations are not allowed");
    }

    private static int indexOfIgnoreCase(String s, String what) {
        for (int i = s.indexOf("<!"); i >= 0; i = s.indexOf("<!", i + 2)) {
            if (s.regionMatches(true, i, what, 0, what.length())) return i;
        }
        return -1;
    }

    private static HlasException malformed(int line, int column, String message) {
        return HlasException.invalid("input", ERROR_PREFIX + " at line " + line + ", column " + column + ": "
                + message);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external entities are not allowed");
        });
        return f;
    }

    /** One parse: the StAX events, and a cursor that follows them through the input to keep exact offsets. */
    private static final class Reader {
        private final String input;
        private final StringBuilder text = new StringBuilder();
        private final MarkupStripper.IntList origin;
        private final List<Integer> boundaries = new ArrayList<>();
        private final List<SsmlDocument.Break> breaks = new ArrayList<>();
        private final List<SsmlDocument.Span> spans = new ArrayList<>();
        private final List<SsmlDocument.MarkAt> marks = new ArrayList<>();
        private final Set<String> unknown = new LinkedHashSet<>();
        private final Deque<Open> open = new ArrayDeque<>();
        private String language;
        private int cursor;
        private int suppress; // > 0 inside <sub>: its content is replaced by the alias
        private boolean lastTagSelfClosing;

        /** An element being read: where its content starts in the text and in the input. */
        private record Open(String name, int textStart, int contentStart, SsmlDocument.Kind kind, String value,
                            String format) {
        }

        Reader(String input) {
            this.input = input;
            this.origin = new MarkupStripper.IntList(input.length() + 8);
        }

        SsmlDocument read() throws XMLStreamException {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(input));
            try {
                if (input.stripLeading().startsWith("<?xml")) cursor = input.indexOf("?>") + 2;
                while (r.hasNext()) {
                    int event = r.next();
                    switch (event) {
                        case XMLStreamConstants.DTD -> throw refuse(r, "DOCTYPE declarations are not allowed in SSML");
                        case XMLStreamConstants.ENTITY_REFERENCE -> throw refuse(r, "entities are not allowed in SSML");
                        case XMLStreamConstants.START_ELEMENT -> start(r);
                        case XMLStreamConstants.END_ELEMENT -> end(r);
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                                characters(r.getText());
                        case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> skipMarkup();
                        default -> {
                        }
                    }
                }
            } finally {
                r.close();
            }
            while (!text.isEmpty() && text.charAt(text.length() - 1) == ' ') {
                text.setLength(text.length() - 1);
                origin.size--;
            }
            origin.add(input.length());
            int[] o = new int[origin.size];
            System.arraycopy(origin.data, 0, o, 0, origin.size);
            return new SsmlDocument(text.toString(), o, language, boundaries, breaks, spans, marks,
                    List.copyOf(unknown));
        }

        private static XMLStreamException refuse(XMLStreamReader r, String why) {
            return new XMLStreamException(why, r.getLocation());
        }

        private void start(XMLStreamReader r) throws XMLStreamException {
            int tagStart = nextTag();
            int tagEnd = tagEnd(tagStart);
            lastTagSelfClosing = tagEnd >= 2 && input.charAt(tagEnd - 2) == '/';
            cursor = tagEnd;
            String name = r.getLocalName();
            if (open.size() >= MAX_DEPTH) throw refuse(r, "SSML nests deeper than " + MAX_DEPTH + " elements");
            if (open.isEmpty() && !name.equals("speak")) throw refuse(r, "the root element must be <speak>, not <"
                    + name + ">");
            SsmlDocument.Kind kind = null;
            String value = null;
            String format = null;
            switch (name) {
                case "speak" -> {
                    if (open.isEmpty()) language = lang(r);
                }
                case "p", "s", "paragraph", "sentence" -> boundary();
                case "break" -> {
                    boundary();
                    breaks.add(new SsmlDocument.Break(text.length(), breakMillis(r)));
                }
                case "sub" -> {
                    kind = SsmlDocument.Kind.SUB;
                    value = attribute(r, "alias");
                    if (value == null) throw refuse(r, "<sub> needs an alias attribute");
                    suppress++;
                }
                case "phoneme" -> {
                    String alphabet = attribute(r, "alphabet");
                    value = attribute(r, "ph");
                    if (value == null) throw refuse(r, "<phoneme> needs a ph attribute");
                    if (XSampa.named(alphabet)) {
                        value = XSampa.toIpa(value);
                        kind = SsmlDocument.Kind.PHONEME;
                    } else if (alphabet != null && !alphabet.equalsIgnoreCase("ipa")) {
                        unknown.add("phoneme alphabet=\"" + alphabet + "\"");
                    } else {
                        kind = SsmlDocument.Kind.PHONEME;
                    }
                }
                case "say-as" -> {
                    kind = SsmlDocument.Kind.SAY_AS;
                    value = attribute(r, "interpret-as");
                    if (value == null) throw refuse(r, "<say-as> needs an interpret-as attribute");
                    format = attribute(r, "format");
                }
                case "lang" -> {
                    value = lang(r);
                    if (value == null) throw refuse(r, "<lang> needs an xml:lang attribute");
                    kind = SsmlDocument.Kind.LANG;
                    boundary();
                }
                case "prosody" -> {
                    String rate = attribute(r, "rate");
                    Double multiplier = rate == null ? null : rate(rate);
                    if (rate != null && multiplier == null) throw refuse(r, "bad prosody rate \"" + rate + "\"");
                    if (multiplier != null) {
                        kind = SsmlDocument.Kind.RATE;
                        value = String.valueOf(multiplier);
                        boundary();
                    }
                    if (attribute(r, "pitch") != null || attribute(r, "volume") != null) unknown.add("prosody pitch/volume");
                }
                case "emphasis" -> {
                    kind = SsmlDocument.Kind.EMPHASIS;
                    value = attribute(r, "level");
                }
                case "mark" -> {
                    String markName = attribute(r, "name");
                    if (markName != null) marks.add(new SsmlDocument.MarkAt(text.length(), markName));
                }
                default -> unknown.add(name);
            }
            open.push(new Open(name, text.length(), cursor, kind, value, format));
        }

        private void end(XMLStreamReader r) {
            Open o = open.pop();
            int contentEnd = cursor;
            if (!lastTagSelfClosing || !o.name().equals(r.getLocalName()) || o.contentStart() != cursor) {
                int tagStart = nextTag();
                contentEnd = tagStart;
                cursor = tagEnd(tagStart);
            }
            lastTagSelfClosing = false;
            if (o.kind() == SsmlDocument.Kind.SUB) {
                suppress--;
                if (suppress == 0) {
                    if (!text.isEmpty() && text.charAt(text.length() - 1) != ' '
                            && Character.isLetterOrDigit(text.charAt(text.length() - 1))) {
                        append(' ', o.contentStart());
                    }
                    int from = text.length();
                    String alias = o.value().strip().replaceAll("\\s+", " ");
                    int last = Math.max(o.contentStart(), contentEnd - 1);
                    for (int i = 0; i < alias.length(); i++) {
                        text.append(alias.charAt(i));
                        origin.add(i == alias.length() - 1 ? last : o.contentStart());
                    }
                    spans.add(new SsmlDocument.Span(from, text.length(), SsmlDocument.Kind.SUB, alias,
                            input.substring(o.contentStart(), Math.max(o.contentStart(), contentEnd))));
                }
                return;
            }
            if (o.kind() != null) {
                int start = o.textStart();
                while (start < text.length() && text.charAt(start) == ' ') start++;
                int end = text.length();
                while (end > start && text.charAt(end - 1) == ' ') end--;
                if (end > start) spans.add(new SsmlDocument.Span(start, end, o.kind(), o.value(), o.format()));
            }
            switch (o.name()) {
                case "p", "s", "paragraph", "sentence", "lang" -> boundary();
                case "prosody" -> {
                    if (o.kind() != null) boundary();
                }
                default -> {
                }
            }
        }

        private void boundary() {
            if (boundaries.isEmpty() || boundaries.getLast() != text.length()) boundaries.add(text.length());
        }

        /** Text content: aligned char by char with the input (entity references and CDATA included). */
        private void characters(String chars) {
            skipMarkup();
            int i = 0;
            while (i < chars.length()) {
                if (cursor < input.length() && input.startsWith("<![CDATA[", cursor)) cursor += 9;
                if (cursor < input.length() && input.startsWith("]]>", cursor)) cursor += 3;
                int from = Math.min(cursor, input.length());
                int to = from + 1;
                int n = 1;
                if (from < input.length() && input.charAt(from) == '&') {
                    int semi = input.indexOf(';', from);
                    to = semi < 0 ? from + 1 : semi + 1;
                    n = Character.isSurrogate(chars.charAt(i)) && i + 1 < chars.length() ? 2 : 1;
                } else if (from < input.length() && input.charAt(from) == '\r') {
                    to = from + (from + 1 < input.length() && input.charAt(from + 1) == '\n' ? 2 : 1);
                }
                for (int k = 0; k < n && i < chars.length(); k++, i++) {
                    if (suppress == 0) append(chars.charAt(i), from);
                }
                cursor = to;
            }
        }

        private void append(char c, int at) {
            if (Character.isWhitespace(c)) {
                if (text.isEmpty() || text.charAt(text.length() - 1) == ' ') return;
                c = ' ';
            }
            text.append(c);
            origin.add(at);
        }

        /** Moves the cursor past comments and processing instructions. */
        private void skipMarkup() {
            while (cursor < input.length()) {
                if (input.startsWith("<!--", cursor)) {
                    int e = input.indexOf("-->", cursor);
                    cursor = e < 0 ? input.length() : e + 3;
                } else if (input.startsWith("<?", cursor)) {
                    int e = input.indexOf("?>", cursor);
                    cursor = e < 0 ? input.length() : e + 2;
                } else {
                    return;
                }
            }
        }

        /** The start of the next tag at or after the cursor. */
        private int nextTag() {
            skipMarkup();
            int lt = input.indexOf('<', cursor);
            while (lt >= 0 && (input.startsWith("<!--", lt) || input.startsWith("<?", lt))) {
                cursor = lt;
                skipMarkup();
                lt = input.indexOf('<', cursor);
            }
            return lt < 0 ? input.length() : lt;
        }

        /** Just past the {@code >} of the tag starting at {@code tagStart} (quotes in attributes respected). */
        private int tagEnd(int tagStart) {
            char quote = 0;
            for (int i = tagStart; i < input.length(); i++) {
                char c = input.charAt(i);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i + 1;
                }
            }
            return input.length();
        }

        private static String attribute(XMLStreamReader r, String name) {
            for (int i = 0; i < r.getAttributeCount(); i++) {
                if (r.getAttributeLocalName(i).equals(name)) {
                    String v = r.getAttributeValue(i);
                    return v == null || v.isBlank() ? null : v.strip();
                }
            }
            return null;
        }

        private static String lang(XMLStreamReader r) {
            String v = r.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
            if (v == null) v = attribute(r, "lang");
            return v == null || v.isBlank() ? null : Lexicon.family(v);
        }

        private static int breakMillis(XMLStreamReader r) throws XMLStreamException {
            String time = attribute(r, "time");
            if (time != null) {
                Matcher m = TIME.matcher(time);
                if (!m.matches()) throw refuse(r, "bad break time \"" + time + "\" (use e.g. 500ms or 1.5s)");
                double ms = Double.parseDouble(m.group(1)) * (m.group(2).equalsIgnoreCase("s") ? 1000 : 1);
                return (int) Math.min(MAX_BREAK_MILLIS, Math.round(ms));
            }
            String strength = attribute(r, "strength");
            return switch (strength == null ? "medium" : strength.toLowerCase(Locale.ROOT)) {
                case "none" -> 0;
                case "x-weak" -> 100;
                case "weak" -> 250;
                case "medium" -> 500;
                case "strong" -> 750;
                case "x-strong" -> 1000;
                default -> throw refuse(r, "bad break strength \"" + strength + "\"");
            };
        }

        /** A prosody rate as a multiplier: keywords, {@code 80%}, {@code +10%}, {@code -10%}, or a number. */
        static Double rate(String rate) {
            String v = rate.strip().toLowerCase(Locale.ROOT);
            Double d = switch (v) {
                case "x-slow" -> 0.5;
                case "slow" -> 0.75;
                case "medium", "default" -> 1.0;
                case "fast" -> 1.25;
                case "x-fast" -> 1.5;
                default -> null;
            };
            if (d != null) return d;
            try {
                if (v.endsWith("%")) {
                    double p = Double.parseDouble(v.substring(0, v.length() - 1));
                    d = v.startsWith("+") || v.startsWith("-") ? 1 + p / 100 : p / 100;
                } else {
                    d = Double.parseDouble(v);
                }
            } catch (NumberFormatException e) {
                return null;
            }
            return d > 0 && d <= 10 ? d : null;
        }
    }
}
