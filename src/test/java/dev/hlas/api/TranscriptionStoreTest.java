package dev.hlas.api;

import dev.hlas.stt.whisper.WhisperRecognizer;
import dev.hlas.testing.Multipart;
import dev.hlas.testing.TestServer;
import dev.hlas.testing.whisper.TinyWhisperModel;
import dev.hlas.voice.store.Catalog;
import dev.hlas.voice.store.CatalogEntry;
import dev.hlas.voice.store.CatalogFile;
import dev.hlas.voice.store.Importer;
import dev.hlas.voice.store.VoiceStore;
import dev.hlas.testing.hub.LocalHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A recognition model imported into the store while the server runs is used without a restart. */
class TranscriptionStoreTest {
    @TempDir
    Path home;

    @Test
    void a_model_imported_while_serving_is_picked_up_and_listed_with_its_licence() throws Exception {
        try (TestServer server = new TestServer(home, c -> c.withStt(c.stt().withThreads(1)))) {
            byte[] wav = server.post(TestServer.speechJson("alloy", "Dobrý den.", "wav")).body();
            Multipart form = new Multipart().file("file", "a.wav", "audio/wav", wav).field("model", "whisper-1");
            HttpResponse<String> before = send(server, form);
            TranscriptionApiTest.assertError(before, 400, "model");
            assertThat(before.body()).contains("hlas voices pull whisper-base");

            Path usb = Files.createDirectories(home.resolve("usb"));
            byte[] model = Files.readAllBytes(TinyWhisperModel.tiny().writeTo(usb.resolve("ggml-tiny-test.bin")));
            CatalogEntry entry = new CatalogEntry("whisper-tiny-test", WhisperRecognizer.ENGINE, "multi", "tiny", 0,
                    "MIT", "", false, "https://example.invalid/", List.of(new CatalogFile("ggml-tiny-test.bin",
                    model.length, LocalHub.sha256(model), null, false)));
            Importer.Result result = new Importer(new Catalog(List.of(entry)), new VoiceStore(home)).importFrom(usb);
            assertThat(result.refused()).isEmpty();

            HttpResponse<String> after = send(server, form);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            assertThat(after.headers().firstValue("X-Model")).contains("whisper-tiny-test");
            assertThat(server.get("/v1/models/whisper-tiny-test").body()).contains("\"licence\":\"MIT\"");
        }
    }

    private static HttpResponse<String> send(TestServer server, Multipart form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/audio/transcriptions"))
                .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
                .build();
        return server.http().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
