package dev.hlas.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Audio bytes as an independent decoder (the ffmpeg/ffprobe CLIs) sees them: container, codec, rate, channels, the
 * decoded samples, and anything the decoder complained about.
 *
 * @param container ffprobe's {@code format_name}
 * @param codec     ffprobe's {@code codec_name}
 * @param errors    everything ffmpeg printed at level {@code error} while decoding (empty = clean)
 */
public record Decoded(String container, String codec, int sampleRate, int channels, float[] samples,
                      String errors) {

    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Decodes a file in any container ffmpeg detects; raw PCM needs {@link #rawPcm}. */
    public static Decoded of(byte[] bytes, Path dir) throws IOException, InterruptedException {
        return decode(bytes, dir, List.of());
    }

    /** Decodes headerless s16le mono at the given rate. */
    public static Decoded rawPcm(byte[] bytes, int rate, Path dir) throws IOException, InterruptedException {
        return decode(bytes, dir, List.of("-f", "s16le", "-ar", Integer.toString(rate), "-ac", "1"));
    }

    private static Decoded decode(byte[] bytes, Path dir, List<String> inputFormat)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "audio", ".bin");
        Files.write(file, bytes);
        List<String> probe = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        probe.addAll(inputFormat);
        probe.addAll(List.of("-show_entries", "stream=codec_name,sample_rate,channels:format=format_name",
                "-of", "default=noprint_wrappers=1", file.toString()));
        Map<String, String> info = new TreeMap<>();
        for (String line : run(probe).stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) info.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        int rate = Integer.parseInt(info.getOrDefault("sample_rate", "0"));
        List<String> decode = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        decode.addAll(inputFormat);
        decode.addAll(List.of("-i", file.toString(), "-f", "f32le", "-ac", "1", "-"));
        Result result = run(decode);
        ByteBuffer buf = ByteBuffer.wrap(result.raw()).order(ByteOrder.LITTLE_ENDIAN);
        float[] samples = new float[result.raw().length / 4];
        buf.asFloatBuffer().get(samples);
        Files.delete(file);
        return new Decoded(info.getOrDefault("format_name", ""), info.getOrDefault("codec_name", ""), rate,
                Integer.parseInt(info.getOrDefault("channels", "0")), samples, result.stderr().strip());
    }

    private record Result(byte[] raw, String stderr) {
        String stdout() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = readAll(p.getInputStream());
        int code = p.waitFor();
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        if (code != 0) stderr = stderr + " (exit " + code + ")";
        return new Result(out, stderr);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
