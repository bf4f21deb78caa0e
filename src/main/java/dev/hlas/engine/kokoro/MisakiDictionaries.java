package dev.hlas.engine.kokoro;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * misaki's English dictionaries in one directory ({@code us_gold.json}, {@code us_silver.json},
 * {@code gb_gold.json}, {@code gb_silver.json}: the store's {@code voices/misaki-en/}), each variant read on first
 * use, once, and then shared by every thread.
 *
 * <p>A variant is available when its gold file is there; its silver file is optional.
 */
public final class MisakiDictionaries {
    /** Engine id of the dictionaries' store install. */
    public static final String INSTALL_ENGINE = "misaki";
    /** The dictionary files, as misaki names them. */
    public static final List<String> FILES = List.of("us_gold.json", "us_silver.json", "gb_gold.json",
            "gb_silver.json");
    private static final Logger log = LoggerFactory.getLogger(MisakiDictionaries.class);

    private final Path directory;
    private volatile MisakiG2p us;
    private volatile MisakiG2p gb;

    private MisakiDictionaries(Path directory) {
        this.directory = directory;
    }

    /** The dictionaries in {@code directory}, or empty when neither variant's gold file is there. */
    public static Optional<MisakiDictionaries> find(Path directory) {
        if (directory == null) return Optional.empty();
        boolean any = Files.isRegularFile(directory.resolve(file(false, true)))
                || Files.isRegularFile(directory.resolve(file(true, true)));
        return any ? Optional.of(new MisakiDictionaries(directory)) : Optional.empty();
    }

    /** Where the dictionaries are. */
    public Path directory() {
        return directory;
    }

    /** Whether the dictionaries of this English variant are there (false for other languages). */
    public boolean has(KokoroLanguage language) {
        return language.english() && Files.isRegularFile(directory.resolve(file(british(language), true)));
    }

    /** Whether a variant has been read already (diagnostics, tests). */
    public boolean loaded(KokoroLanguage language) {
        return (british(language) ? gb : us) != null;
    }

    /**
     * The G2P of an English variant, reading its dictionaries on the first call.
     *
     * @throws dev.hlas.error.ModelBroken when a dictionary file cannot be read
     */
    public MisakiG2p g2p(KokoroLanguage language) {
        boolean british = british(language);
        MisakiG2p g = british ? gb : us;
        if (g != null) return g;
        synchronized (this) {
            g = british ? gb : us;
            if (g != null) return g;
            long start = System.nanoTime();
            MisakiLexicon gold = MisakiLexicon.read(directory.resolve(file(british, true)));
            Path silverFile = directory.resolve(file(british, false));
            MisakiLexicon silver = Files.isRegularFile(silverFile) ? MisakiLexicon.read(silverFile)
                    : MisakiLexicon.empty();
            g = new MisakiG2p(gold, silver, british);
            log.info("misaki {} dictionaries loaded in {} ms ({} + {} entries)", british ? "GB" : "US",
                    (System.nanoTime() - start) / 1_000_000, gold.size(), silver.size());
            if (british) gb = g;
            else us = g;
            return g;
        }
    }

    private static boolean british(KokoroLanguage language) {
        return language == KokoroLanguage.BRITISH_ENGLISH;
    }

    private static String file(boolean british, boolean gold) {
        return (british ? "gb_" : "us_") + (gold ? "gold" : "silver") + ".json";
    }
}
