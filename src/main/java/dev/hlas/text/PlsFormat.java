package dev.hlas.text;

import dev.hlas.error.HlasException;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W3C Pronunciation Lexicon Specification (PLS) 1.0 import and export.
 *
 * <p>Each {@code <lexeme>} becomes one entry per {@code <grapheme>}, with the lexeme's first {@code <alias>} and its
 * preferred (else first) {@code <phoneme>}; {@code role} (part of speech) is ignored. The lexicon's
 * {@code xml:lang} becomes its language; {@code alphabet} (the lexicon's, or a phoneme's own) must be {@code ipa} or
 * {@code x-sampa} (read into IPA) when there are phonemes. PLS has no notion of case or whole-word matching: export
 * writes them as {@code hlas:case-sensitive} and {@code hlas:whole-word} attributes in Hlas's own namespace (other
 * readers ignore them), so a lexicon survives the round trip. Parsed with the same hardened XML reader as SSML (no
 * DTDs, no entities, no external access).
 */
public final class PlsFormat {
    public static final String NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon";
    public static final String HLAS_NAMESPACE = "https://hlas.dev/ns/pls";
    public static final String MEDIA_TYPE = "application/pls+xml";

    private PlsFormat() {
    }

    /**
     * Reads a PLS document into a lexicon called {@code name}.
     *
     * @throws HlasException 400 for malformed or hostile XML or a lexicon Hlas cannot use
     */
    public static Lexicon read(String xml, String name) {
        try {
            SsmlParser.refuseDoctype(xml);
        } catch (HlasException e) {
            throw HlasException.invalid(null, e.getMessage().replace("SSML", "PLS"));
        }
        try {
            return parse(xml, name);
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String message = e.getMessage() == null ? "not well-formed" : e.getMessage();
            int cut = message.indexOf("Message: ");
            if (cut >= 0) message = message.substring(cut + 9);
            throw HlasException.invalid(null, "Malformed PLS" + (at == null ? "" : " at line " + at.getLineNumber()
                    + ", column " + at.getColumnNumber()) + ": " + message.strip());
        } catch (IllegalArgumentException e) {
            throw HlasException.invalid(null, "Unusable PLS lexicon: " + e.getMessage() + ".");
        }
    }

    private static Lexicon parse(String xml, String name) throws XMLStreamException {
        XMLStreamReader r = SsmlParser.FACTORY.createXMLStreamReader(new StringReader(xml));
        String language = null;
        String alphabet = null;
        String phonemeAlphabet = null;
        List<LexiconEntry> entries = new ArrayList<>();
        List<String> graphemes = new ArrayList<>();
        String alias = null;
        String phoneme = null;
        boolean preferred = false;
        boolean caseSensitive = false;
        boolean wholeWord = true;
        StringBuilder text = new StringBuilder();
        int depth = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new XMLStreamException("DOCTYPE declarations are not allowed",
                            r.getLocation());
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > SsmlParser.MAX_DEPTH) {
                            throw new XMLStreamException("nested too deeply", r.getLocation());
                        }
                        text.setLength(0);
                        String element = r.getLocalName();
                        if (depth == 1) {
                            if (!element.equals("lexicon")) {
                                throw new XMLStreamException("the root element must be <lexicon>", r.getLocation());
                            }
                            language = r.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
                            alphabet = r.getAttributeValue(null, "alphabet");
                        } else if (element.equals("lexeme")) {
                            graphemes.clear();
                            alias = null;
                            phoneme = null;
                            phonemeAlphabet = null;
                            preferred = false;
                            caseSensitive = "true".equals(r.getAttributeValue(HLAS_NAMESPACE, "case-sensitive"));
                            wholeWord = !"false".equals(r.getAttributeValue(HLAS_NAMESPACE, "whole-word"));
                        } else if (element.equals("phoneme")) {
                            String a = r.getAttributeValue(null, "alphabet");
                            boolean prefer = "true".equals(r.getAttributeValue(null, "prefer"));
                            if (phoneme == null || prefer && !preferred) {
                                phoneme = "";
                                preferred = prefer;
                                phonemeAlphabet = a != null ? a : alphabet;
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        String value = text.toString().strip().replaceAll("\\s+", " ");
                        switch (r.getLocalName()) {
                            case "grapheme" -> graphemes.add(value);
                            case "alias" -> {
                                if (alias == null) alias = value;
                            }
                            case "phoneme" -> {
                                if (phoneme != null && phoneme.isEmpty()) phoneme = value;
                            }
                            case "lexeme" -> {
                                if (phoneme != null && XSampa.named(phonemeAlphabet)) {
                                    phoneme = XSampa.toIpa(phoneme); // stored (and exported) as IPA
                                } else if (phoneme != null && phonemeAlphabet != null
                                        && !phonemeAlphabet.toLowerCase(Locale.ROOT).equals("ipa")) {
                                    throw new IllegalArgumentException("phonemes must use alphabet=\"ipa\" or "
                                            + "\"x-sampa\", not \"" + phonemeAlphabet + "\"");
                                }
                                for (String g : graphemes) {
                                    entries.add(new LexiconEntry(g, alias, phoneme, caseSensitive, wholeWord));
                                }
                            }
                            default -> {
                            }
                        }
                        text.setLength(0);
                    }
                    default -> {
                    }
                }
            }
        } finally {
            r.close();
        }
        return new Lexicon(name, language, entries);
    }

    /** The lexicon as a PLS 1.0 document. */
    public static String write(Lexicon lexicon) {
        StringBuilder b = new StringBuilder(256 + lexicon.entries().size() * 96);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<lexicon version=\"1.0\" xmlns=\"").append(NAMESPACE).append("\" xmlns:hlas=\"")
                .append(HLAS_NAMESPACE).append("\" alphabet=\"ipa\" xml:lang=\"")
                .append(lexicon.language() == null ? "und" : lexicon.language()).append("\">\n");
        for (LexiconEntry e : lexicon.entries()) {
            b.append("  <lexeme");
            if (e.caseSensitive()) b.append(" hlas:case-sensitive=\"true\"");
            if (!e.wholeWord()) b.append(" hlas:whole-word=\"false\"");
            b.append(">\n    <grapheme>").append(escape(e.grapheme())).append("</grapheme>\n");
            if (e.phonemes() != null) b.append("    <phoneme>").append(escape(e.phonemes())).append("</phoneme>\n");
            if (e.alias() != null) b.append("    <alias>").append(escape(e.alias())).append("</alias>\n");
            b.append("  </lexeme>\n");
        }
        return b.append("</lexicon>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
