package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.VoiceInfo;
import dev.hlas.stt.RecognizerModel;
import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.Importer;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;
import dev.hlas.error.StoreFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code hlas voices}: list installed and downloadable voices, {@code pull} one from its hub (verified, atomic),
 * {@code import} voices from a directory on machines without network.
 */
@Command(name = "voices", mixinStandardHelpOptions = true, description = "List, download and import voices.",
        subcommands = {VoicesCommand.ListCommand.class, VoicesCommand.PullCommand.class,
                VoicesCommand.ImportCommand.class, VoicesCommand.RemoveCommand.class})
final class VoicesCommand implements Callable<Integer> {
    @Mixin
    SynthesisOptions options;

    @Override
    public Integer call() {
        return list(options.toConfig(), false, System.out);
    }

    static int list(HlasConfig config, boolean all, PrintStream out) {
        try (Hlas hlas = Hlas.create(config)) {
            List<VoiceInfo> voices = hlas.speech().voices().voices();
            Map<String, InstalledVoice> installed = hlas.store().installed().stream()
                    .collect(Collectors.toMap(InstalledVoice::id, v -> v));
            out.println("Installed voices (" + hlas.store().root() + "):");
            out.printf("  %-34s %-8s %-10s %-6s %-8s %8s  %s%n", "ID", "ENGINE", "LANGUAGE", "RATE", "GENDER", "SIZE",
                    "LICENCE");
            long espeak = 0;
            for (VoiceInfo v : voices) {
                if (v.engine().equals("espeak") && !all) {
                    espeak++;
                    continue;
                }
                InstalledVoice iv = installed.get(v.id());
                out.printf("  %-34s %-8s %-10s %-6d %-8s %8s  %s%n", v.id(), v.engine(), v.languages().getFirst(),
                        v.sampleRate(), v.gender().wireName(), iv == null ? "-" : megabytes(iv.size()), v.licence());
            }
            if (espeak > 0) {
                out.println("  … and " + espeak + " espeak-ng voices built in (espeak:<language>, e.g. espeak:cs; "
                        + "'hlas voices list --all' shows them)");
            }
            Catalog catalog = hlas.catalog();
            List<InstalledVoice> installedData = installed.values().stream()
                    .filter(v -> catalog.find(v.id()).filter(VoicesCommand::isData).isPresent())
                    .sorted(Comparator.comparing(InstalledVoice::id)).toList();
            if (!installedData.isEmpty()) {
                out.println();
                out.println("Installed data (not voices; read by the voices named):");
                for (InstalledVoice v : installedData) {
                    out.printf("  %-34s %-50s %8s  %s%n", v.id(), dataDescription(catalog, catalog.find(v.id())
                            .orElseThrow()), megabytes(v.size()), v.licence());
                }
            }
            List<RecognizerModel> recognition = hlas.transcriptions().models();
            if (!recognition.isEmpty()) {
                out.println();
                out.println("Installed speech recognition models (POST /v1/audio/transcriptions, hlas transcribe):");
                for (RecognizerModel m : recognition) {
                    InstalledVoice iv = installed.get(m.id());
                    out.printf("  %-34s %-8s %-10s %8s  %s%n", m.id(), m.engine(), m.multilingual() ? "multi" : "en",
                            iv == null ? "-" : megabytes(iv.size()), m.licence());
                }
            }
            Set<String> have = installed.keySet();
            List<CatalogEntry> available = catalog.entries().stream().filter(e -> !have.contains(e.id())).toList();
            List<CatalogEntry> recognitionToPull = available.stream().filter(VoicesCommand::isRecognition).toList();
            available = available.stream().filter(e -> !isRecognition(e)).toList();
            List<CatalogEntry> voicesToPull = available.stream().filter(e -> !isData(e)).toList();
            List<CatalogEntry> dataToPull = available.stream().filter(VoicesCommand::isData).toList();
            if (!voicesToPull.isEmpty()) {
                out.println();
                out.println("Available to download (hlas voices pull <id>):");
                out.printf("  %-34s %-8s %-10s %-8s %8s  %s%n", "ID", "ENGINE", "LANGUAGE", "QUALITY", "SIZE",
                        "LICENCE");
                for (CatalogEntry e : voicesToPull) {
                    out.printf("  %-34s %-8s %-10s %-8s %8s  %s%s%n", e.id(), e.engine(), e.language(),
                            e.quality() == null ? "-" : e.quality(), megabytes(e.requiredSize()), licence(e),
                            e.with().isEmpty() ? "" : " (+ " + String.join(", ", e.with()) + ")");
                }
            }
            if (!recognitionToPull.isEmpty()) {
                out.println();
                out.println("Speech recognition models to download (hlas voices pull <id>):");
                for (CatalogEntry e : recognitionToPull) {
                    out.printf("  %-34s %-8s %-10s %8s  %s%n", e.id(), e.engine(), e.language(),
                            megabytes(e.requiredSize()), e.licence());
                }
            }
            if (!dataToPull.isEmpty()) {
                out.println();
                out.println("Data pulled with voices (not voices; hlas voices pull <voice> installs it too):");
                for (CatalogEntry e : dataToPull) {
                    out.printf("  %-34s %-50s %8s  %s%n", e.id(), dataDescription(catalog, e),
                            megabytes(e.requiredSize()), licence(e));
                }
            }
            out.println();
            out.println("OpenAI voice names (" + String.join(", ", hlas.speech().voices().aliases().names().stream()
                    .sorted().toList()) + ") speak each language with the best installed voice.");
        }
        return 0;
    }

    /** Whether a catalog entry is a speech recognition model (listed apart from the voices). */
    static boolean isRecognition(CatalogEntry e) {
        return e.engine().equals(WhisperRecognizer.ENGINE);
    }

    /** Whether a catalog entry is data for voices (misaki's dictionaries) rather than a voice. */
    static boolean isData(CatalogEntry e) {
        return e.description() != null;
    }

    /** "English G2P dictionaries (misaki) for Kokoro, pulled with kokoro". */
    static String dataDescription(Catalog catalog, CatalogEntry e) {
        List<String> with = catalog.pulledWith(e.id()).stream().map(CatalogEntry::id).toList();
        return e.description() + (with.isEmpty() ? "" : ", pulled with " + String.join(", ", with));
    }

    static String licence(CatalogEntry e) {
        return e.licence() + (e.restricted() && !e.licenceNote().isBlank() ? " [" + e.licenceNote() + "]" : "");
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed and downloadable voices.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        SynthesisOptions options;

        @Option(names = "--all", description = "Also list every espeak-ng voice.")
        boolean all;

        @Override
        public Integer call() {
            return list(options.toConfig(), all, System.out);
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download voices from their hub (or --mirror), verify size and checksums, install atomically.")
    static final class PullCommand implements Callable<Integer> {
        @Mixin
        DownloadOptions options;

        @Parameters(arity = "1..*", paramLabel = "VOICE", description = "Voice ids, e.g. cs_CZ-jirka-medium.")
        List<String> ids;

        @Option(names = "--accept-licence", description = "Accept restrictive licences (non-commercial, research-only, "
                + "unverified) of the voices pulled.")
        boolean acceptLicence;

        @Override
        public Integer call() {
            HlasConfig config = options.toConfig();
            return pull(Catalog.builtIn(), new VoiceStore(config.home()), new Downloader(config.voices().mirror()),
                    ids, acceptLicence, System.err);
        }
    }

    /**
     * Pulls {@code ids} and the entries pulled with them, each verified and installed on its own: a companion that
     * fails leaves the voice it came with installed (Kokoro works without misaki's dictionaries) and says so.
     */
    static int pull(Catalog catalog, VoiceStore store, Downloader downloader, List<String> ids, boolean acceptLicence,
                    PrintStream err) {
        List<CatalogEntry> entries = catalog.pullSet(ids);
        for (CatalogEntry entry : entries) {
            if (entry.restricted() && !acceptLicence) {
                throw new StoreFailure("voice " + entry.id() + " is licensed under: " + licence(entry)
                        + ". Read the licence, then re-run with --accept-licence to install it.");
            }
        }
        for (CatalogEntry entry : entries) {
            String id = entry.id();
            err.printf("Pulling %s (%s, licence: %s)%n", id, megabytes(entry.requiredSize()), entry.licence());
            InstalledVoice v;
            try {
                v = downloader.pull(entry, store, new ProgressPrinter(err));
            } catch (StoreFailure e) {
                // The voices this entry came with were pulled before it (pullSet's order), so they are installed.
                List<String> parents = catalog.pulledWith(id).stream().filter(entries::contains)
                        .map(CatalogEntry::id).toList();
                if (parents.isEmpty()) throw e;
                throw new StoreFailure(e.getMessage() + "; " + String.join(", ", parents) + " is installed and "
                        + "works without " + id + "; run 'hlas voices pull " + id + "' to retry", e);
            }
            err.printf("Installed %s into %s (verified: %s)%n", v.id(), v.dir(), verifiedBy(entry));
        }
        return 0;
    }

    /** What a pull checks for every required file of {@code entry}: "size, SHA-256 and MD5", "size, SHA-256", … */
    static String verifiedBy(CatalogEntry entry) {
        List<CatalogFile> required = entry.files().stream().filter(f -> !f.optional()).toList();
        List<String> checks = new ArrayList<>(List.of("size"));
        if (required.stream().allMatch(f -> f.sha256() != null)) checks.add("SHA-256");
        if (required.stream().allMatch(f -> f.md5() != null)) checks.add("MD5");
        if (checks.size() == 1) checks.add("SHA-256 or MD5");
        return checks.size() == 2 ? checks.get(0) + ", " + checks.get(1)
                : checks.get(0) + ", " + checks.get(1) + " and " + checks.get(2);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Install voices from a directory (air-gapped machines); catalog voices are verified.")
    static final class ImportCommand implements Callable<Integer> {
        @Mixin
        HomeOptions options;

        @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding the voice files.")
        Path dir;

        @Override
        public Integer call() {
            return importFrom(Catalog.builtIn(), new VoiceStore(options.toConfig().home()), dir, System.out,
                    System.err);
        }
    }

    /** Installs what {@code dir} holds: catalog entries (voices and their data, verified) and loose Piper voices. */
    static int importFrom(Catalog catalog, VoiceStore store, Path dir, PrintStream out, PrintStream err) {
        Importer.Result result = new Importer(catalog, store).importFrom(dir);
        result.installed().forEach(v -> out.printf("Imported %s (%s, licence: %s)%n", v.id(),
                megabytes(v.size()), v.licence()));
        result.refused().forEach(r -> err.println("Refused " + r));
        if (result.installed().isEmpty() && result.refused().isEmpty()) {
            err.println("No voices found under " + dir + " (expected e.g. cs_CZ-jirka-medium.onnx and "
                    + "cs_CZ-jirka-medium.onnx.json)");
            return 1;
        }
        return result.refused().isEmpty() ? 0 : 1;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Uninstall voices.")
    static final class RemoveCommand implements Callable<Integer> {
        @Mixin
        HomeOptions options;

        @Parameters(arity = "1..*", paramLabel = "VOICE")
        List<String> ids;

        @Override
        public Integer call() {
            VoiceStore store = new VoiceStore(options.toConfig().home());
            int missing = 0;
            for (String id : ids) {
                if (store.remove(id)) System.out.println("Removed " + id);
                else {
                    System.err.println("Not installed: " + id);
                    missing++;
                }
            }
            return missing == 0 ? 0 : 1;
        }
    }

    /** Prints a line per file and a percentage every 10 %. */
    private static final class ProgressPrinter implements Downloader.Listener {
        private final PrintStream out;
        private int lastDecile = -1;

        ProgressPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void fileStarted(CatalogEntry voice, CatalogFile file, URI url) {
            lastDecile = -1;
            out.printf("  %s (%s) from %s%n", file.fileName(), megabytes(file.size()), url);
        }

        @Override
        public void progress(CatalogFile file, long bytes) {
            if (file.size() < 1_000_000) return;
            int decile = (int) (bytes * 10 / file.size());
            if (decile != lastDecile) {
                lastDecile = decile;
                out.printf("    %d%%%n", decile * 10);
            }
        }

        @Override
        public void fileSkipped(CatalogFile file, String reason) {
            out.printf("  skipped optional %s: %s%n", file.fileName(), reason);
        }
    }
}
