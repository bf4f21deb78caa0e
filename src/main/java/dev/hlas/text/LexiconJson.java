package dev.hlas.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.error.HlasException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a lexicon, used by the API and for the files under {@code HLAS_HOME/lexicons/}:
 * <pre>{"name": "brands", "language": "en", "entries": [
 *   {"grapheme": "nginx", "alias": "engine x"},
 *   {"grapheme": "Dvořák", "phonemes": "ˈdvɔr̝aːk", "case_sensitive": true, "whole_word": true}]}</pre>
 */
public final class LexiconJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LexiconJson() {
    }

    /**
     * Reads a lexicon; {@code name} (from the URL or file name) wins over a name in the body.
     *
     * @throws HlasException 400 naming the field at fault
     */
    public static Lexicon read(byte[] body, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw HlasException.invalid(null, "The lexicon is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HlasException.invalid(null, "The lexicon is not valid JSON.");
        }
        if (root == null || !root.isObject()) throw HlasException.invalid(null, "The lexicon must be a JSON object.");
        String language = text(root, "language", "language");
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw HlasException.invalid("entries", "'entries' must be an array of {grapheme, alias|phonemes}.");
        }
        List<LexiconEntry> list = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String param = "entries[" + i + "]";
            if (!e.isObject()) throw HlasException.invalid(param, "Each entry must be an object.");
            try {
                list.add(new LexiconEntry(text(e, "grapheme", param + ".grapheme"), text(e, "alias", param + ".alias"),
                        text(e, "phonemes", param + ".phonemes"), bool(e, "case_sensitive", false, param),
                        bool(e, "whole_word", true, param)));
            } catch (IllegalArgumentException x) {
                throw HlasException.invalid(param, "Entry " + i + ": " + x.getMessage() + ".");
            }
        }
        try {
            return new Lexicon(name, language, list);
        } catch (IllegalArgumentException x) {
            throw HlasException.invalid(list.size() > Lexicon.MAX_ENTRIES ? "entries" : "language",
                    x.getMessage() + ".");
        }
    }

    private static String text(JsonNode node, String field, String param) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw HlasException.invalid(param, "'" + field + "' must be a string.");
        return v.asText();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, String param) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw HlasException.invalid(param + "." + field, "'" + field + "' must be a boolean.");
        return v.asBoolean();
    }

    /** The lexicon as a JSON tree, with its version. */
    public static ObjectNode tree(Lexicon lexicon) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "lexicon");
        root.put("name", lexicon.name());
        root.put("language", lexicon.language());
        root.put("version", lexicon.version());
        ArrayNode entries = root.putArray("entries");
        for (LexiconEntry e : lexicon.entries()) {
            ObjectNode n = entries.addObject();
            n.put("grapheme", e.grapheme());
            if (e.alias() != null) n.put("alias", e.alias());
            if (e.phonemes() != null) n.put("phonemes", e.phonemes());
            n.put("case_sensitive", e.caseSensitive());
            n.put("whole_word", e.wholeWord());
        }
        return root;
    }

    public static byte[] write(Lexicon lexicon) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree(lexicon));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a lexicon as JSON", e);
        }
    }
}
