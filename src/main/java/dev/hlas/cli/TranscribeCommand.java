package dev.hlas.cli;

import dev.hlas.Hlas;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hlas.config.HlasConfig;
import dev.hlas.error.HlasException;
import dev.hlas.stt.RecognitionOptions;
import dev.hlas.stt.ResponseFormat;
import dev.hlas.stt.Transcription;
import dev.hlas.stt.TranscriptionRequest;
import dev.hlas.stt.TranscriptionService;
import dev.hlas.stt.TranscriptText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hlas transcribe}: speech to text from a file, with the server's recognizer, decoder and formats. The result
 * goes to stdout or, with {@code -o}, to a file written under a temporary name and moved into place when complete.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe (or translate into English) an audio file with an installed Whisper model.")
final class TranscribeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    HomeOptions home;

    @Mixin
    SttOptions stt;

    @Parameters(index = "0", paramLabel = "FILE", description = "Audio file: wav, mp3, ogg/opus, flac, m4a, webm …")
    Path file;

    @Option(names = {"-f", "--format"}, defaultValue = "text",
            description = "Output format: text, json, srt, vtt, verbose_json.")
    String format;

    @Option(names = {"-m", "--model"}, description = "Recognition model id (whisper-base …); default: --stt-model.")
    String model;

    @Option(names = {"-l", "--language"}, description = "Spoken language (ISO-639-1: cs, en …); default: detect.")
    String language;

    @Option(names = "--prompt", description = "Text that guides spelling and style (names, terms).")
    String prompt;

    @Option(names = "--translate", description = "Translate into English instead of transcribing.")
    boolean translate;

    @Option(names = {"-o", "--output"}, description = "Output file; stdout when absent or '-'.")
    Path output;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ResponseFormat responseFormat = ResponseFormat.parse(format, "--format");
        if (!Files.isRegularFile(file)) throw HlasException.invalid("FILE", "No such file: " + file);
        if (language != null && !language.matches("[a-z]{2,3}")) {
            throw HlasException.invalid("--language", "Use an ISO-639-1 code such as cs or en: " + language);
        }
        HlasConfig config = stt.applyTo(home.toConfig());
        try (Hlas hlas = Hlas.create(config)) {
            TranscriptionService service = hlas.transcriptions();
            Transcription done = service.transcribe(service.admit(), new TranscriptionRequest(file, model,
                    new RecognitionOptions(language, prompt, 0, translate)));
            String text = switch (responseFormat) {
                case JSON -> JSON.writeValueAsString(TranscriptText.json(done.transcript())) + "\n";
                case VERBOSE_JSON -> JSON.writeValueAsString(TranscriptText.verbose(done.transcript(),
                        translate ? "translate" : "transcribe", true, true)) + "\n";
                case TEXT -> TranscriptText.text(done.transcript());
                case SRT -> TranscriptText.srt(done.transcript());
                case VTT -> TranscriptText.vtt(done.transcript());
            };
            write(text);
            System.err.printf(Locale.ROOT, "%s: %.1f s of audio in %.1f s (RTF %.2f)%n", done.model().id(),
                    done.audioSeconds(), done.computeNanos() / 1e9, done.realTimeFactor());
        }
        return 0;
    }

    private void write(String text) throws IOException {
        if (output == null || output.toString().equals("-")) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        Path dir = output.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + output.getFileName(), ".part");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
