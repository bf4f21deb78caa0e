package dev.hlas.voice.store;

import dev.hlas.error.StoreFailure;

import dev.hlas.testing.hub.LocalHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads and imports against a local hub: verified, atomic, nothing half-installed. */
class VoiceStoreTest {
    private static final String BASE = "https://huggingface.co/rhasspy/piper-voices/resolve/main/";
    private static final String DIR = "xx/xx_XX/test/medium/";

    @TempDir
    Path home;
    LocalHub hub;
    VoiceStore store;
    byte[] model = bytes(50_000, 7);
    byte[] config = "{\"audio\":{\"sample_rate\":22050}}".getBytes(StandardCharsets.UTF_8);
    byte[] card = "# Model card\n* License: CC0\n".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        hub = new LocalHub();
        store = new VoiceStore(home);
        servePath("/rhasspy/piper-voices/resolve/main/" + DIR + "xx_XX-test-medium.onnx", model);
        servePath("/rhasspy/piper-voices/resolve/main/" + DIR + "xx_XX-test-medium.onnx.json", config);
        servePath("/rhasspy/piper-voices/resolve/main/" + DIR + "MODEL_CARD", card);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private void servePath(String path, byte[] body) {
        hub.put(path, body);
    }

    private CatalogEntry entry(byte[] expectedModel, String cardMd5) {
        return new CatalogEntry("xx_XX-test-medium", "piper", "xx_XX", "medium", 1, "CC0", "", false, BASE, List.of(
                new CatalogFile(DIR + "xx_XX-test-medium.onnx", expectedModel.length, LocalHub.sha256(expectedModel),
                        LocalHub.md5(expectedModel), false),
                new CatalogFile(DIR + "xx_XX-test-medium.onnx.json", config.length, null, LocalHub.md5(config), false),
                new CatalogFile(DIR + "MODEL_CARD", card.length, null, cardMd5, true)));
    }

    private Downloader downloader() {
        return new Downloader(hub.base());
    }

    @Test
    void pull_downloads_verifies_and_installs_with_a_manifest() throws Exception {
        InstalledVoice v = downloader().pull(entry(model, LocalHub.md5(card)), store, Downloader.Listener.NONE);

        assertThat(v.dir()).isEqualTo(home.resolve("voices/xx_XX-test-medium"));
        assertThat(Files.readAllBytes(v.path("xx_XX-test-medium.onnx"))).isEqualTo(model);
        assertThat(v.files()).extracting(InstalledVoice.InstalledFile::name)
                .containsExactly("xx_XX-test-medium.onnx", "xx_XX-test-medium.onnx.json", "MODEL_CARD");
        assertThat(v.files().getFirst().sha256()).isEqualTo(LocalHub.sha256(model));
        assertThat(v.licence()).isEqualTo("CC0");
        assertThat(v.source()).startsWith(hub.base().toString());
        assertThat(store.installed()).extracting(InstalledVoice::id).containsExactly("xx_XX-test-medium");
        assertThat(store.installed("kokoro")).isEmpty();
        assertNoStagingLeft();
    }

    @Test
    void a_tampered_file_of_the_right_size_is_rejected_and_nothing_is_installed() {
        byte[] genuine = bytes(model.length, 8); // the catalog pins different bytes than the hub serves
        assertThatThrownBy(() -> downloader().pull(entry(genuine, null), store, Downloader.Listener.NONE))
                .isInstanceOf(StoreFailure.class)
                .hasMessageContaining("SHA-256").hasMessageContaining("xx_XX-test-medium.onnx");
        assertThat(store.installed()).isEmpty();
        assertThat(store.find("xx_XX-test-medium")).isEmpty();
        assertNoStagingLeft();
    }

    @Test
    void an_interrupted_download_leaves_nothing_half_installed() {
        hub.truncate("/rhasspy/piper-voices/resolve/main/" + DIR + "xx_XX-test-medium.onnx");
        assertThatThrownBy(() -> downloader().pull(entry(model, null), store, Downloader.Listener.NONE))
                .isInstanceOf(StoreFailure.class).hasMessageContaining("xx_XX-test-medium.onnx");
        assertThat(store.installed()).isEmpty();
        assertThat(Files.exists(home.resolve("voices/xx_XX-test-medium"))).isFalse();
        assertNoStagingLeft();
    }

    @Test
    void a_failed_reinstall_keeps_the_working_install() throws Exception {
        downloader().pull(entry(model, null), store, Downloader.Listener.NONE);
        hub.truncate("/rhasspy/piper-voices/resolve/main/" + DIR + "xx_XX-test-medium.onnx");
        assertThatThrownBy(() -> downloader().pull(entry(model, null), store, Downloader.Listener.NONE))
                .isInstanceOf(StoreFailure.class);
        InstalledVoice still = store.find("xx_XX-test-medium").orElseThrow();
        assertThat(Files.readAllBytes(still.path("xx_XX-test-medium.onnx"))).isEqualTo(model);
    }

    @Test
    void an_optional_file_that_fails_verification_is_skipped_not_installed() {
        InstalledVoice v = downloader().pull(entry(model, "00000000000000000000000000000000"), store,
                Downloader.Listener.NONE);
        assertThat(v.files()).extracting(InstalledVoice.InstalledFile::name).doesNotContain("MODEL_CARD");
        assertThat(Files.exists(v.path("MODEL_CARD"))).isFalse();
    }

    @Test
    void a_missing_file_on_the_hub_names_the_url_and_the_status() {
        CatalogEntry missing = new CatalogEntry("yy", "piper", "xx", null, 1, "CC0", "", false, BASE,
                List.of(new CatalogFile("nope.onnx", 3, null, "abc", false)));
        assertThatThrownBy(() -> downloader().pull(missing, store, Downloader.Listener.NONE))
                .hasMessageContaining("HTTP 404").hasMessageContaining("/nope.onnx");
    }

    @Test
    void import_verifies_catalog_voices_and_refuses_corrupt_copies() throws Exception {
        Catalog catalog = new Catalog(List.of(entry(model, LocalHub.md5(card))));
        Path usb = Files.createDirectories(home.resolve("usb/voices"));
        Files.write(usb.resolve("xx_XX-test-medium.onnx"), model);
        Files.write(usb.resolve("xx_XX-test-medium.onnx.json"), config);
        Importer.Result ok = new Importer(catalog, store).importFrom(usb.getParent());
        assertThat(ok.installed()).extracting(InstalledVoice::id).containsExactly("xx_XX-test-medium");
        assertThat(ok.refused()).isEmpty();

        store.remove("xx_XX-test-medium");
        byte[] truncated = Arrays.copyOf(model, model.length - 100);
        Files.write(usb.resolve("xx_XX-test-medium.onnx"), truncated);
        Importer.Result bad = new Importer(catalog, store).importFrom(usb);
        assertThat(bad.installed()).isEmpty();
        assertThat(bad.refused()).singleElement().asString().contains("size is " + truncated.length);
        assertThat(store.installed()).isEmpty();
        assertNoStagingLeft();
    }

    @Test
    void import_accepts_a_piper_voice_the_catalog_does_not_know_with_its_model_card_licence() throws Exception {
        Path dir = Files.createDirectories(home.resolve("custom"));
        Files.write(dir.resolve("de_DE-mine-low.onnx"), model);
        Files.write(dir.resolve("de_DE-mine-low.onnx.json"), config);
        Files.writeString(dir.resolve("MODEL_CARD"), "# Model card\n* License: CC BY 4.0\n");
        Importer.Result r = new Importer(new Catalog(List.of()), store).importFrom(dir);
        assertThat(r.installed()).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo("de_DE-mine-low");
            assertThat(v.engine()).isEqualTo("piper");
            assertThat(v.licence()).isEqualTo("CC BY 4.0");
        });
    }

    @Test
    void built_in_catalog_pins_the_piper_voices_by_content() {
        Catalog catalog = Catalog.builtIn();
        assertThat(catalog.forEngine("piper")).hasSize(10);
        CatalogEntry jirka = catalog.find("cs_CZ-jirka-medium").orElseThrow();
        assertThat(jirka.licence()).isEqualTo("CC0");
        CatalogFile onnx = jirka.file("cs_CZ-jirka-medium.onnx").orElseThrow();
        assertThat(onnx.size()).isEqualTo(63_201_294L);
        assertThat(onnx.md5()).isEqualTo("da2deb0a3f93226a3f9b6e40d43c46ca");
        assertThat(jirka.url(onnx).toString()).isEqualTo("https://huggingface.co/rhasspy/piper-voices/resolve/main/"
                + "cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx");
        assertThat(new Downloader(hub.base()).resolve(jirka.url(onnx)).toString())
                .isEqualTo(hub.base() + "/rhasspy/piper-voices/resolve/main/cs/cs_CZ/jirka/medium/cs_CZ-jirka-medium.onnx");
        assertThat(catalog.find("en_US-ryan-medium").orElseThrow().restricted()).isTrue();
    }

    private void assertNoStagingLeft() {
        Path staging = home.resolve("voices/.staging");
        if (!Files.exists(staging)) return;
        try (Stream<Path> s = Files.list(staging)) {
            assertThat(s.toList()).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
