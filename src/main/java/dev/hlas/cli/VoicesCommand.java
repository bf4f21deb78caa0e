package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.config.HlasConfig;
import dev.hlas.engine.VoiceInfo;
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
            Set<String> have = installed.keySet();
            List<CatalogEntry> available = hlas.catalog().entries().stream().filter(e -> !have.contains(e.id())).toList();
            if (!available.isEmpty()) {
                out.println();
                out.println("Available to download (hlas voices pull <id>):");
                out.printf("  %-34s %-8s %-10s %-8s %8s  %s%n", "ID", "ENGINE", "LANGUAGE", "QUALITY", "SIZE",
                        "LICENCE");
                for (CatalogEntry e : available) {
                    out.printf("  %-34s %-8s %-10s %-8s %8s  %s%n", e.id(), e.engine(), e.language(),
                            e.quality() == null ? "-" : e.quality(), megabytes(e.requiredSize()), licence(e));
                }
            }
            out.println();
            out.println("OpenAI voice names (" + String.join(", ", hlas.speech().voices().aliases().names().stream()
                    .sorted().toList()) + ") speak each language with the best installed voice.");
        }
        return 0;
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
            Catalog catalog = Catalog.builtIn();
            VoiceStore store = new VoiceStore(config.home());
            Downloader downloader = new Downloader(config.voices().mirror());
            PrintStream err = System.err;
            List<CatalogEntry> entries = new ArrayList<>();
            for (String id : ids) {
                CatalogEntry entry = catalog.find(id).orElseThrow(() -> new StoreFailure("no voice '" + id
                        + "' in the catalog. Known: " + catalog.entries().stream().map(CatalogEntry::id)
                        .collect(Collectors.joining(", ")) + ". For other Piper voices, download the .onnx and "
                        + ".onnx.json yourself and run: hlas voices import <dir>"));
                if (!entries.contains(entry)) entries.add(entry);
                for (String companion : entry.with()) {
                    catalog.find(companion).filter(c -> !entries.contains(c)).ifPresent(entries::add);
                }
            }
            for (CatalogEntry entry : entries) {
                String id = entry.id();
                if (entry.restricted() && !acceptLicence) {
                    throw new StoreFailure("voice " + id + " is licensed under: " + licence(entry)
                            + ". Read the licence, then re-run with --accept-licence to install it.");
                }
                err.printf("Pulling %s (%s, licence: %s)%n", id, megabytes(entry.requiredSize()), entry.licence());
                InstalledVoice v = downloader.pull(entry, store, new ProgressPrinter(err));
                err.printf("Installed %s into %s (verified: size, %s)%n", v.id(), v.dir(),
                        entry.files().getFirst().sha256() != null ? "SHA-256 and MD5" : "MD5");
            }
            return 0;
        }
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
            HlasConfig config = options.toConfig();
            Importer.Result result = new Importer(Catalog.builtIn(), new VoiceStore(config.home())).importFrom(dir);
            result.installed().forEach(v -> System.out.printf("Imported %s (%s, licence: %s)%n", v.id(),
                    megabytes(v.size()), v.licence()));
            result.refused().forEach(r -> System.err.println("Refused " + r));
            if (result.installed().isEmpty() && result.refused().isEmpty()) {
                System.err.println("No voices found under " + dir + " (expected e.g. cs_CZ-jirka-medium.onnx and "
                        + "cs_CZ-jirka-medium.onnx.json)");
                return 1;
            }
            return result.refused().isEmpty() ? 0 : 1;
        }
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
