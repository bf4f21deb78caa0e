package dev.hlas.voice.store;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A voice that can be downloaded: what it is, under which licence, and exactly which bytes make it up.
 *
 * @param id          the voice id ({@code cs_CZ-jirka-medium}, {@code kokoro}, {@code supertonic-3})
 * @param engine      the engine that speaks it ({@code piper}, {@code kokoro}, {@code supertonic})
 * @param language    main language code ({@code cs_CZ}, {@code en_US}, or {@code multi})
 * @param quality     quality label ({@code low}, {@code medium}, {@code high}) or null
 * @param speakers    number of speakers in the model
 * @param licence     licence of the weights/data, short text or SPDX id
 * @param licenceNote caveats (non-commercial, research-only, unverified), or empty
 * @param restricted  whether the licence restricts use (non-commercial, research, use-based, unverified)
 * @param baseUrl     URL the file paths are relative to, ending in {@code /}
 * @param files       the files, required ones first by convention
 * @param voicePattern for a model that holds many named voices, a regular expression matching the voice ids it
 *                    provides ({@code af_heart} for Kokoro), so asking for one names this entry; or null
 * @param with        ids of entries pulled together with this one (Kokoro pulls misaki's dictionaries,
 *                    {@code misaki-en}); each is installed on its own, under its own licence
 * @param description what an entry that is not a voice holds ({@code English G2P dictionaries (misaki) for Kokoro}),
 *                    shown by listings, or null for a voice
 */
public record CatalogEntry(String id, String engine, String language, String quality, int speakers, String licence,
                           String licenceNote, boolean restricted, String baseUrl, List<CatalogFile> files,
                           Pattern voicePattern, List<String> with, String description) {
    public CatalogEntry {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*")) throw new IllegalArgumentException("bad voice id: " + id);
        if (engine == null || engine.isBlank()) throw new IllegalArgumentException("voice " + id + " needs an engine");
        if (baseUrl == null || !baseUrl.endsWith("/")) throw new IllegalArgumentException("base URL must end in /: " + baseUrl);
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("voice " + id + " has no files");
        if (licenceNote == null) licenceNote = "";
        with = with == null ? List.of() : List.copyOf(with);
        if (description != null && description.isBlank()) description = null;
    }

    /** An entry with companions and no description. */
    public CatalogEntry(String id, String engine, String language, String quality, int speakers, String licence,
                        String licenceNote, boolean restricted, String baseUrl, List<CatalogFile> files,
                        Pattern voicePattern, List<String> with) {
        this(id, engine, language, quality, speakers, licence, licenceNote, restricted, baseUrl, files, voicePattern,
                with, null);
    }

    /** An entry pulled on its own. */
    public CatalogEntry(String id, String engine, String language, String quality, int speakers, String licence,
                        String licenceNote, boolean restricted, String baseUrl, List<CatalogFile> files,
                        Pattern voicePattern) {
        this(id, engine, language, quality, speakers, licence, licenceNote, restricted, baseUrl, files, voicePattern,
                List.of());
    }

    /** An entry that installs exactly one voice, its own id. */
    public CatalogEntry(String id, String engine, String language, String quality, int speakers, String licence,
                        String licenceNote, boolean restricted, String baseUrl, List<CatalogFile> files) {
        this(id, engine, language, quality, speakers, licence, licenceNote, restricted, baseUrl, files, null);
    }

    /** Whether installing this entry provides the voice {@code voiceId} (its own id, or one its pattern matches). */
    public boolean provides(String voiceId) {
        return id.equals(voiceId) || voicePattern != null && voicePattern.matcher(voiceId).matches();
    }

    /** Where a file of this voice is downloaded from (before any mirror is applied). */
    public URI url(CatalogFile file) {
        return URI.create(baseUrl + file.path());
    }

    /** Bytes to download for all files. */
    public long totalSize() {
        return files.stream().mapToLong(CatalogFile::size).sum();
    }

    /** Bytes of the files the voice needs. */
    public long requiredSize() {
        return files.stream().filter(f -> !f.optional()).mapToLong(CatalogFile::size).sum();
    }

    /** The catalog file installed under this name, if any. */
    public Optional<CatalogFile> file(String fileName) {
        return files.stream().filter(f -> f.fileName().equals(fileName)).findFirst();
    }
}
