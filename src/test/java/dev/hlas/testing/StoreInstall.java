package dev.hlas.testing;

import dev.hlas.voice.store.InstalledVoice;
import dev.hlas.voice.store.VoiceStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Installs a directory of model files into a {@link VoiceStore} through its own commit path, as a pull would. */
public final class StoreInstall {
    private StoreInstall() {
    }

    /** Copies every file under {@code source} (keeping sub-directories) and commits it as install {@code id}. */
    public static InstalledVoice commit(VoiceStore store, Path source, String id, String engine) throws IOException {
        Path staging = store.newStaging(id);
        List<InstalledVoice.InstalledFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = source.relativize(file).toString().replace('\\', '/');
                Path target = staging.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
                byte[] bytes = Files.readAllBytes(target);
                files.add(new InstalledVoice.InstalledFile(name, bytes.length, sha256(bytes)));
            }
        }
        return store.commit(staging, id, engine, "test licence", "test", files);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
