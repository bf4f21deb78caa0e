package dev.hlas.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void version_changes_when_a_model_file_is_replaced_and_stays_put_otherwise() throws Exception {
        Path model = Files.writeString(dir.resolve("model.onnx"), "first");
        Path voices = Files.writeString(dir.resolve("voices.bin"), "pack");
        Files.setLastModifiedTime(model, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        String v1 = ModelFiles.version(model, voices);
        assertThat(ModelFiles.version(model, voices)).isEqualTo(v1);
        assertThat(v1).contains("model.onnx:5:", "voices.bin:4:");

        Files.writeString(model, "other");  // same size, new content and time
        Files.setLastModifiedTime(model, FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));
        assertThat(ModelFiles.version(model, voices)).isNotEqualTo(v1);

        Files.delete(voices);
        assertThat(ModelFiles.version(model, voices)).contains("voices.bin:missing");
    }
}
