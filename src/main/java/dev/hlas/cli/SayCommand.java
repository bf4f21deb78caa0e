package dev.hlas.cli;

import dev.hlas.Hlas;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Encoders;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hlas say}: speak text from the arguments or stdin into a file or stdout, through the same response pipeline
 * the server uses, cache included. A file is written to a temporary name and moved into place when complete, so a failure never leaves
 * a half-written file that looks finished.
 */
@Command(name = "say", mixinStandardHelpOptions = true, description = "Speak text into an audio file or stdout.")
final class SayCommand implements Callable<Integer> {
    @Mixin
    SynthesisOptions options;

    @Parameters(arity = "0..*", description = "Text to speak; read from stdin when absent.")
    String[] words;

    @Option(names = {"-v", "--voice"}, description = "Voice id or OpenAI voice name; default: --default-voice.")
    String voice;

    @Option(names = {"-o", "--output"}, description = "Output file; stdout when absent or '-'.")
    Path output;

    @Option(names = {"-f", "--format"}, description = "Audio format (mp3, opus, aac, flac, wav, pcm); default: from "
            + "the output file's extension, else wav.")
    String format;

    @Option(names = "--speed", defaultValue = "1.0", description = "Speaking rate, 0.25–4.0.")
    double speed;

    @Option(names = "--lang", description = "Language of the text (cs, en, …); default: detect.")
    String lang;

    @Option(names = "--sample-rate", description = "Output sample rate in Hz (8000–48000); default: the format's "
            + "(pcm 24000, opus 48000, others the voice's own rate).")
    Integer sampleRate;

    @Option(names = "--volume", defaultValue = "1.0", description = "Linear gain, 0–4 (clipped at full scale).")
    double volume;

    @Override
    public Integer call() throws Exception {
        String text = words != null && words.length > 0 ? String.join(" ", words)
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        AudioFormat audioFormat = chooseFormat();
        if (sampleRate != null && (sampleRate < Encoders.MIN_RATE || sampleRate > Encoders.MAX_RATE)) {
            throw new IllegalArgumentException("--sample-rate must be between " + Encoders.MIN_RATE + " and "
                    + Encoders.MAX_RATE);
        }
        if (!(volume >= 0 && volume <= 4)) throw new IllegalArgumentException("--volume must be between 0 and 4");
        String chosenVoice = voice != null ? voice : options.toConfig().defaultVoice();
        SpeechRequest request = new SpeechRequest("tts-1", text, chosenVoice, audioFormat, speed, StreamFormat.AUDIO, null,
                sampleRate, volume, lang, true, null, null, null, null);
        try (Hlas hlas = Hlas.create(options.toConfig());
             SpeechResponse response = hlas.responses().open(request, ResponseOptions.defaults())) {
            if (output == null || output.toString().equals("-")) {
                OutputStream out = new BufferedOutputStream(System.out);
                copy(response, out);
                out.flush();
            } else {
                Path dir = output.toAbsolutePath().getParent();
                Path temp = Files.createTempFile(dir, "." + output.getFileName(), ".part");
                try {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                        copy(response, out);
                    }
                    Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
        return 0;
    }

    /** Frames a response as a file: its pieces in order (a repeated request is answered from the cache). */
    private static void copy(SpeechResponse response, OutputStream out) throws IOException, InterruptedException {
        for (byte[] piece = response.next(); piece != null; piece = response.next()) {
            out.write(piece);
            out.flush();
        }
    }

    private AudioFormat chooseFormat() {
        String name = format;
        if (name == null && output != null) {
            String file = output.getFileName().toString();
            int dot = file.lastIndexOf('.');
            if (dot >= 0) name = file.substring(dot + 1).toLowerCase(Locale.ROOT);
            if ("ogg".equals(name) || "oga".equals(name)) name = "opus";
            if ("adts".equals(name)) name = "aac";
            if ("raw".equals(name)) name = "pcm";
        }
        if (name == null) return AudioFormat.WAV;
        String wanted = name;
        return AudioFormat.fromWire(wanted).orElseThrow(() ->
                new IllegalArgumentException("unknown audio format '" + wanted + "' (mp3, opus, aac, flac, wav, pcm)"));
    }
}
