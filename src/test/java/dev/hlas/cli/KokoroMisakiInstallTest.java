package dev.hlas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.engine.kokoro.MisakiDictionaries;
import dev.hlas.error.StoreFailure;
import dev.hlas.testing.StoreInstall;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.hub.LocalHub;
import dev.hlas.testing.kokoro.KokoroFixtures;
import dev.hlas.testing.kokoro.MisakiFixtures;
import dev.hlas.testing.onnx.SyntheticKokoroModel;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Downloader;
import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kokoro's misaki dictionaries ({@code misaki-en}) installed the ways a user installs them: pulled with
 * {@code hlas voices pull kokoro} from a hub (here a local one, as the mirror), imported from a directory, and listed
 * as data rather than as a voice.
 *
 * <p>The real files are pinned by digest (a 325 MB model, 6 MB dictionaries) and cannot be served here, so the pull and
 * import tests use the built-in {@code kokoro} and {@code misaki-en} entries as they are (ids, {@code with}, base URLs,
 * licence, description) with only their files swapped for generated ones and those files' real sizes and SHA-256:
 * the same {@code with} path, downloader and importer the CLI runs. The tests that use the built-in catalog unchanged
 * check that it pins misaki to a commit and refuses anything else.
 */
class KokoroMisakiInstallTest {
    static final String MISAKI_LICENCE = "Apache-2.0 (misaki G2P data, hexgrad)";
    static final List<String> MISAKI_FILES = List.of("us_gold.json", "us_silver.json", "gb_gold.json",
            "gb_silver.json");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path home;
    Path kokoroFiles;
    Path misakiFiles;
    LocalHub hub;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        kokoroFiles = KokoroFixtures.install(dir.resolve("source"), SyntheticKokoroModel.Flavour.V1_0);
        misakiFiles = MisakiFixtures.write(dir.resolve("source/misaki"));
        hub = new LocalHub();
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    /** The built-in entry {@code id} with its files replaced by the files in {@code source} (real size and SHA-256). */
    static CatalogEntry withFilesOf(String id, Path source, List<String> names) throws IOException {
        CatalogEntry real = Catalog.builtIn().find(id).orElseThrow();
        List<CatalogFile> files = new ArrayList<>();
        for (String name : names) {
            byte[] bytes = Files.readAllBytes(source.resolve(name));
            files.add(new CatalogFile(name, bytes.length, LocalHub.sha256(bytes), null, false));
        }
        return new CatalogEntry(real.id(), real.engine(), real.language(), real.quality(), real.speakers(),
                real.licence(), real.licenceNote(), real.restricted(), real.baseUrl(), files, real.voicePattern(),
                real.with(), real.description());
    }

    Catalog testCatalog() throws IOException {
        return new Catalog(List.of(
                withFilesOf("kokoro", kokoroFiles, List.of("kokoro-v1.0.onnx", "voices-v1.0.bin")),
                withFilesOf("misaki-en", misakiFiles, MISAKI_FILES)));
    }

    /** Serves every file of {@code catalog} at the path of its catalog URL, as a mirror keeps paths. */
    Map<String, String> serve(Catalog catalog, Map<String, Path> sources) throws IOException {
        Map<String, String> paths = new LinkedHashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            for (CatalogFile f : e.files()) {
                String path = e.url(f).getPath();
                hub.put(path, Files.readAllBytes(sources.get(e.id()).resolve(f.path())));
                paths.put(f.fileName(), path);
            }
        }
        return paths;
    }

    private PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pull_kokoro_installs_misaki_en_with_it_verified_by_size_and_sha256_and_shows_its_licence() throws Exception {
        Catalog catalog = testCatalog();
        Map<String, String> paths = serve(catalog, Map.of("kokoro", kokoroFiles, "misaki-en", misakiFiles));
        VoiceStore store = new VoiceStore(home);

        int code = VoicesCommand.pull(catalog, store, new Downloader(hub.base()), List.of("kokoro"), false,
                stream(err));

        assertThat(code).isZero();
        assertThat(store.installed()).extracting(InstalledVoice::id).containsExactlyInAnyOrder("kokoro", "misaki-en");
        InstalledVoice misaki = store.find("misaki-en").orElseThrow();
        assertThat(misaki.engine()).isEqualTo(MisakiDictionaries.INSTALL_ENGINE);
        assertThat(misaki.licence()).isEqualTo(MISAKI_LICENCE);
        CatalogEntry pinned = catalog.find("misaki-en").orElseThrow();
        for (String name : MISAKI_FILES) {
            byte[] installed = Files.readAllBytes(misaki.path(name));
            CatalogFile expected = pinned.file(name).orElseThrow();
            assertThat(installed).as(name).hasSize((int) expected.size());
            assertThat(LocalHub.sha256(installed)).as(name).isEqualTo(expected.sha256());
            assertThat(hub.requests(paths.get(name))).as("fetched from the mirror: " + name).isEqualTo(1);
            assertThat(paths.get(name)).as("the path of the pinned misaki commit")
                    .startsWith("/hexgrad/misaki/fba1236595f2d2bf21d414ba6e57d25256afada3/");
        }
        String log = text(err);
        assertThat(log).contains("Pulling kokoro").contains("Pulling misaki-en")
                .contains("licence: " + MISAKI_LICENCE)
                .containsPattern("Installed misaki-en into .* \\(verified: size, SHA-256\\)");
        assertThat(log).as("misaki's files have no MD5, so none is claimed").doesNotContain("MD5");
    }

    @Test
    void a_tampered_dictionary_is_refused_and_leaves_no_misaki_install_behind() throws Exception {
        Catalog catalog = testCatalog();
        Map<String, String> paths = serve(catalog, Map.of("kokoro", kokoroFiles, "misaki-en", misakiFiles));
        byte[] silver = Files.readAllBytes(misakiFiles.resolve("us_silver.json"));
        byte[] tampered = silver.clone();
        tampered[tampered.length / 2] ^= 1; // same size, different content: only the SHA-256 can tell
        hub.put(paths.get("us_silver.json"), tampered);
        VoiceStore store = new VoiceStore(home);

        assertThatThrownBy(() -> VoicesCommand.pull(catalog, store, new Downloader(hub.base()), List.of("kokoro"),
                false, stream(err)))
                .isInstanceOf(StoreFailure.class)
                .hasMessageContaining("us_silver.json")
                .hasMessageContaining("kokoro is installed and works without misaki-en")
                .hasMessageContaining("hlas voices pull misaki-en");

        assertThat(store.find("misaki-en")).isEmpty();
        assertThat(store.root().resolve("misaki-en")).doesNotExist();
        try (Stream<Path> staging = Files.list(store.root().resolve(".staging"))) {
            assertThat(staging).as("no staging directory left").isEmpty();
        }
        assertThat(store.find("kokoro")).as("Kokoro speaks without the dictionaries (espeak-ng)").isPresent();
        assertThat(text(err)).contains("licence: " + MISAKI_LICENCE);
    }

    @Test
    void the_built_in_catalog_pulls_misaki_en_with_kokoro_pinned_to_a_commit_by_size_and_sha256() {
        Catalog builtIn = Catalog.builtIn();
        assertThat(builtIn.pullSet(List.of("kokoro"))).extracting(CatalogEntry::id)
                .containsExactly("kokoro", "misaki-en");
        assertThat(builtIn.pullSet(List.of("kokoro", "misaki-en"))).extracting(CatalogEntry::id)
                .containsExactly("kokoro", "misaki-en");
        CatalogEntry misaki = builtIn.find("misaki-en").orElseThrow();
        assertThat(misaki.engine()).isEqualTo(MisakiDictionaries.INSTALL_ENGINE);
        assertThat(misaki.baseUrl()).matches("https://raw\\.githubusercontent\\.com/hexgrad/misaki/[0-9a-f]{40}/.*");
        assertThat(misaki.files()).extracting(CatalogFile::fileName).containsExactlyInAnyOrderElementsOf(MISAKI_FILES);
        assertThat(misaki.files()).allSatisfy(f -> {
            assertThat(f.size()).isPositive();
            assertThat(f.sha256()).matches("[0-9a-f]{64}");
            assertThat(f.optional()).isFalse();
        });
        assertThat(misaki.description()).contains("G2P").contains("Kokoro");
        assertThat(builtIn.pulledWith("misaki-en")).extracting(CatalogEntry::id).containsExactly("kokoro");
    }

    @Test
    void cli_pull_with_the_built_in_catalog_refuses_dictionaries_that_are_not_the_pinned_ones() {
        CatalogEntry misaki = Catalog.builtIn().find("misaki-en").orElseThrow();
        String gold = misaki.url(misaki.file("us_gold.json").orElseThrow()).getPath();
        hub.put(gold, MisakiFixtures.US_GOLD.getBytes(StandardCharsets.UTF_8));
        StringWriter cliErr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(cliErr, true));
        int code = cli.execute("voices", "pull", "misaki-en", "--home", home.toString(), "--mirror",
                hub.base().toString());
        assertThat(code).isEqualTo(2);
        assertThat(hub.requests(gold)).isEqualTo(1);
        assertThat(cliErr.toString()).contains("us_gold.json").contains("expected " + misaki.file("us_gold.json")
                .orElseThrow().size());
        assertThat(new VoiceStore(home).installed()).isEmpty();
    }

    @Test
    void import_of_a_directory_installs_kokoro_and_misaki_en_and_english_voices_then_use_misaki() throws Exception {
        Path usb = dir.resolve("usb");
        Files.createDirectories(usb);
        for (String name : List.of("kokoro-v1.0.onnx", "voices-v1.0.bin")) {
            Files.copy(kokoroFiles.resolve(name), usb.resolve(name));
        }
        MisakiFixtures.write(usb.resolve("misaki/data"));

        int code = VoicesCommand.importFrom(testCatalog(), new VoiceStore(home), usb, stream(out), stream(err));

        assertThat(code).as(text(err)).isZero();
        assertThat(text(out)).contains("Imported kokoro").contains("Imported misaki-en")
                .contains("licence: " + MISAKI_LICENCE);
        assertThat(new VoiceStore(home).installed()).extracting(InstalledVoice::id)
                .containsExactlyInAnyOrder("kokoro", "misaki-en");
        try (TestServer server = new TestServer(home)) {
            Map<String, String> g2p = g2pByVoice(server);
            assertThat(g2p).containsEntry("af_heart", "misaki").containsEntry("bm_fable", "misaki");
            assertThat(g2p).containsEntry("ef_dora", "espeak-ng");
        }
    }

    @Test
    void cli_import_with_the_built_in_catalog_finds_the_dictionaries_and_refuses_unpinned_ones() throws Exception {
        Path usb = MisakiFixtures.write(dir.resolve("usb"));
        StringWriter cliErr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(cliErr, true));
        PrintStream original = System.err;
        System.setErr(stream(err));
        int code;
        try {
            code = cli.execute("voices", "import", usb.toString(), "--home", home.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(code).isEqualTo(1);
        assertThat(text(err)).contains("Refused misaki-en").contains("gold.json");
        assertThat(new VoiceStore(home).installed()).isEmpty();
    }

    @Test
    void list_shows_misaki_en_as_g2p_data_for_kokoro_not_as_a_voice() throws Exception {
        String before = list();
        assertThat(section(before, "Available to download")).containsPattern("kokoro\\s+kokoro\\s+multi")
                .contains("(+ misaki-en)").doesNotContain("misaki-en  ");
        assertThat(section(before, "Data pulled with voices"))
                .containsPattern("misaki-en\\s+English G2P dictionaries \\(misaki\\) for Kokoro, pulled with kokoro"
                        + "\\s+12\\.6 MB\\s+" + MISAKI_LICENCE.replace("(", "\\(").replace(")", "\\)"));
        assertThat(before).doesNotContain("Installed data");

        VoiceStore store = new VoiceStore(home);
        KokoroFixtures.installInStore(store, SyntheticKokoroModel.Flavour.V1_0);
        StoreInstall.commit(store, misakiFiles, "misaki-en", MisakiDictionaries.INSTALL_ENGINE);
        String after = list();
        assertThat(section(after, "Installed data"))
                .containsPattern("misaki-en\\s+English G2P dictionaries \\(misaki\\) for Kokoro, pulled with kokoro");
        assertThat(section(after, "Installed voices")).contains("af_heart").doesNotContain("misaki-en");
        assertThat(after).doesNotContain("Data pulled with voices");
        assertThat(section(after, "Available to download")).doesNotContain("misaki-en").doesNotContain("kokoro ");
    }

    private String list() {
        PrintStream original = System.out;
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        System.setOut(stream(listing));
        try {
            assertThat(Main.commandLine().execute("voices", "list", "--home", home.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        return text(listing);
    }

    /** The lines of the listing section whose heading starts with {@code heading}, up to the next blank line. */
    private static String section(String listing, String heading) {
        int start = listing.indexOf("\n" + heading);
        if (start < 0 && listing.startsWith(heading)) start = 0;
        assertThat(start).as("section '" + heading + "' in:\n" + listing).isNotNegative();
        int end = listing.indexOf("\n\n", start + 1);
        return listing.substring(start, end < 0 ? listing.length() : end);
    }

    static Map<String, String> g2pByVoice(TestServer server) throws Exception {
        JsonNode voices = JSON.readTree(server.get("/v1/audio/voices").body()).path("voices");
        Map<String, String> g2p = new HashMap<>();
        for (JsonNode v : voices) if (v.has("g2p")) g2p.put(v.path("id").asText(), v.path("g2p").asText());
        return g2p;
    }
}
