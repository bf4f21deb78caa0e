package dev.hlas.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a batch file: JSON Lines (one JSON object per line; blank lines skipped) or CSV (a header row naming the
 * fields, then one row per record; quoted cells may hold commas, quotes as {@code ""} and line breaks). CSV cells are
 * text; the numeric and boolean request fields are converted so that a CSV row means what the same JSON row would.
 * An empty CSV cell is an absent field. A row that cannot be read is kept, with its problem, so that it is reported
 * with its line number while the other rows render.
 */
public final class BatchInput {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> NUMBERS = Set.of("speed", "volume", "noise_scale", "noise_w");
    private static final Set<String> INTEGERS = Set.of("sample_rate", "total_steps");
    private static final Set<String> BOOLEANS = Set.of("normalize");

    private BatchInput() {
    }

    /** The rows of {@code file}; CSV when its name ends in {@code .csv}, JSON Lines otherwise. */
    public static List<BatchRow> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("batch file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        return csv ? csv(text) : jsonLines(text);
    }

    static List<BatchRow> jsonLines(String text) {
        List<BatchRow> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            int number = i + 1;
            try {
                JsonNode node = MAPPER.readTree(line);
                if (node instanceof ObjectNode object) {
                    rows.add(BatchRow.of(number, object));
                } else {
                    rows.add(BatchRow.unreadable(number, "the line is not a JSON object"));
                }
            } catch (JsonProcessingException e) {
                rows.add(BatchRow.unreadable(number, "the line is not valid JSON: " + e.getOriginalMessage()));
            }
        }
        return rows;
    }

    static List<BatchRow> csv(String text) {
        List<Record> records = records(text);
        if (records.isEmpty()) return List.of();
        List<String> header = records.getFirst().cells().stream().map(String::trim).toList();
        if (!header.contains("input")) {
            throw new IllegalArgumentException("the CSV header (line 1) must name an 'input' column; it has: "
                    + String.join(", ", header));
        }
        List<BatchRow> rows = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            List<String> cells = record.cells();
            if (cells.size() == 1 && cells.getFirst().isBlank()) continue;
            if (cells.size() != header.size()) {
                rows.add(BatchRow.unreadable(record.line(), "the row has " + cells.size() + " cells; the header has "
                        + header.size()));
                continue;
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c);
                String value = cells.get(c);
                if (name.isEmpty() || value.isEmpty()) continue;
                object.set(name, cell(name, value));
            }
            rows.add(BatchRow.of(record.line(), object));
        }
        return rows;
    }

    /** A CSV cell as the JSON value the same field would have in a body; left as text when it does not convert. */
    private static JsonNode cell(String name, String value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String v = value.trim();
        try {
            if (NUMBERS.contains(name)) return f.numberNode(Double.parseDouble(v));
            if (INTEGERS.contains(name)) return f.numberNode(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return f.textNode(value);
        }
        if (BOOLEANS.contains(name) && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
            return f.booleanNode(Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)));
        }
        return f.textNode(value);
    }

    private record Record(int line, List<String> cells) {
    }

    /** Splits CSV text into records, each with the line it starts on. */
    private static List<Record> records(String text) {
        List<Record> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') line++;
                    cell.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                }
                case '\r' -> {
                }
                case '\n' -> {
                    cells.add(cell.toString());
                    records.add(new Record(start, List.copyOf(cells)));
                    cells.clear();
                    cell.setLength(0);
                    any = false;
                    line++;
                    start = line;
                }
                default -> {
                    cell.append(ch);
                    any = true;
                }
            }
        }
        if (any || cell.length() > 0 || !cells.isEmpty()) {
            cells.add(cell.toString());
            records.add(new Record(start, List.copyOf(cells)));
        }
        return records;
    }
}
