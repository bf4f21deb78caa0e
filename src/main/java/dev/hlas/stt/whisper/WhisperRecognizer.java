package dev.hlas.stt.whisper;

import dev.hlas.engine.InstalledModel;
import dev.hlas.engine.InstalledModels;
import dev.hlas.error.EngineFailure;
import dev.hlas.error.HlasException;
import dev.hlas.error.ModelBroken;
import dev.hlas.error.NativeLibraryMissing;
import dev.hlas.stt.Pcm16k;
import dev.hlas.stt.RecognitionOptions;
import dev.hlas.stt.Recognizer;
import dev.hlas.stt.RecognizerModel;
import dev.hlas.stt.Segment;
import dev.hlas.stt.Transcript;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * whisper.cpp as a {@link Recognizer}. A model is loaded on its first request (after its file is checked against
 * the size and SHA-256 recorded when it was installed, and its header is read) and kept; a reinstalled model is
 * loaded again. Each worker decodes with a state of its own on the shared model (states are reused, one per
 * concurrent call).
 */
public final class WhisperRecognizer implements Recognizer {
    public static final String ENGINE = "whisper";
    private static final Logger log = LoggerFactory.getLogger(WhisperRecognizer.class);
    /** whisper.cpp refuses input of a second or less; shorter audio is padded with silence up to this. */
    private static final int MIN_SAMPLES = Pcm16k.RATE * 5 / 4;
    private static final Object LIBRARY_LOCK = new Object();
    /**
     * The language whisper.cpp detected during the current thread's decode: the binding does not return it, but
     * whisper.cpp logs it from the decoding thread, so the log callback keeps it per thread.
     */
    private static final ThreadLocal<String> DETECTED = new ThreadLocal<>();
    private static final Pattern DETECTED_LINE = Pattern.compile("auto-detected language: ([a-z]{2,3})");
    private static volatile boolean libraryLoaded;

    private final InstalledModels store;
    private final int threads;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    private WhisperJNI whisper;

    /**
     * @param store   where models are installed (engine id {@value #ENGINE})
     * @param threads CPU threads per decode (whisper.cpp's threads spin while they wait: more threads than free
     *                cores make it much slower, not faster)
     */
    public WhisperRecognizer(InstalledModels store, int threads) {
        this.store = store;
        this.threads = Math.max(1, threads);
    }

    @Override
    public String id() {
        return ENGINE;
    }

    @Override
    public List<RecognizerModel> models() {
        List<RecognizerModel> out = new ArrayList<>();
        for (InstalledModel m : store.models(ENGINE)) {
            modelFile(m).ifPresent(f -> out.add(new RecognizerModel(m.id(), ENGINE, m.licence(),
                    !f.name().contains(".en."), m.dir().resolve(f.name()))));
        }
        return out;
    }

    private static Optional<InstalledModel.File> modelFile(InstalledModel m) {
        return m.files().stream().filter(f -> f.name().endsWith(".bin")).findFirst();
    }

    @Override
    public Transcript recognize(RecognizerModel model, Pcm16k audio, RecognitionOptions options) {
        Loaded context = load(model);
        WhisperState state = context.idle.poll();
        if (state == null) state = whisper.initState(context.context);
        try {
            WhisperFullParams params = params(options, context.header.multilingual());
            DETECTED.remove();
            float[] samples = audio.samples();
            if (samples.length < MIN_SAMPLES) samples = Arrays.copyOf(samples, MIN_SAMPLES);
            int result = whisper.fullWithState(context.context, state, params, samples, samples.length);
            if (result != 0) throw new EngineFailure("whisper.cpp failed to decode (code " + result + ")");
            int n = whisper.fullNSegmentsFromState(state);
            List<Segment> segments = new ArrayList<>(n);
            double duration = audio.seconds();
            double last = 0;
            for (int i = 0; i < n; i++) {
                // whisper.cpp counts in 10 ms steps; keep segments inside the audio and in order
                double start = Math.min(duration, Math.max(last, whisper.fullGetSegmentTimestamp0FromState(state, i) / 100.0));
                double end = Math.min(duration, Math.max(start, whisper.fullGetSegmentTimestamp1FromState(state, i) / 100.0));
                last = start;
                segments.add(new Segment(i, start, end, whisper.fullGetSegmentTextFromState(state, i)));
            }
            // a translation is English text, as OpenAI reports it; otherwise the language asked for or detected
            String language = options.translate() || !context.header.multilingual() ? "en"
                    : options.language() != null ? options.language() : DETECTED.get();
            DETECTED.remove();
            return new Transcript(language, duration, segments);
        } finally {
            context.idle.add(state);
        }
    }

    private WhisperFullParams params(RecognitionOptions options, boolean multilingual) {
        WhisperFullParams p = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        p.nThreads = threads;
        p.printProgress = false;
        p.printRealtime = false;
        p.printTimestamps = false;
        p.translate = options.translate() && multilingual;
        p.language = multilingual ? (options.language() == null ? "auto" : options.language()) : "en";
        if (options.prompt() != null && !options.prompt().isBlank()) p.initialPrompt = options.prompt();
        if (options.temperature() > 0) {
            p.temperature = (float) options.temperature();
            p.temperatureInc = 0; // an explicit temperature is used as given
        }
        return p;
    }

    private Loaded load(RecognizerModel model) {
        InstalledModel installed = store.models(ENGINE).stream().filter(m -> m.id().equals(model.id())).findFirst()
                .orElseThrow(() -> HlasException.notFound("model", "Speech recognition model '" + model.id()
                        + "' is not installed. Install it with: hlas voices pull " + model.id()));
        Loaded current = loaded.get(model.id());
        if (current != null && current.installedAt.equals(installed.installedAt())) return current;
        synchronized (this) {
            current = loaded.get(model.id());
            if (current != null && current.installedAt.equals(installed.installedAt())) return current;
            ensureLibrary();
            InstalledModel.File file = modelFile(installed).orElseThrow(() -> broken(model.id(), "no .bin file", null));
            Path path = installed.dir().resolve(file.name());
            GgmlHeader header = verify(model.id(), path, file);
            long start = System.nanoTime();
            WhisperContext context;
            try {
                context = whisper.initNoState(path);
            } catch (IOException | RuntimeException e) {
                throw broken(model.id(), "whisper.cpp could not load " + path.getFileName(), e);
            }
            if (context == null) throw broken(model.id(), "whisper.cpp could not load " + path.getFileName(), null);
            log.info("loaded speech recognition model {} ({} encoder / {} decoder layers, width {}) in {} ms",
                    model.id(), header.audioLayers(), header.textLayers(), header.audioState(),
                    (System.nanoTime() - start) / 1_000_000);
            Loaded fresh = new Loaded(context, header, installed.installedAt(), new ConcurrentLinkedQueue<>());
            Loaded old = loaded.put(model.id(), fresh);
            if (old != null) log.info("model {} was reinstalled; the old copy stays in memory until shutdown", model.id());
            return fresh;
        }
    }

    /** The file's size and SHA-256 must be those recorded at install, and its header that of a Whisper model. */
    private static GgmlHeader verify(String id, Path path, InstalledModel.File file) {
        try {
            long size = Files.size(path);
            if (size != file.size()) {
                throw broken(id, path.getFileName() + " has " + size + " bytes, " + file.size() + " were installed", null);
            }
            String sha = sha256(path);
            if (!sha.equalsIgnoreCase(file.sha256())) {
                throw broken(id, path.getFileName() + " does not match the SHA-256 recorded at install", null);
            }
            return GgmlHeader.read(path);
        } catch (IOException e) {
            throw broken(id, path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static ModelBroken broken(String id, String why, Throwable cause) {
        return new ModelBroken("Speech recognition model '" + id + "' is broken (" + why
                + "). Reinstall it with: hlas voices pull " + id, cause);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureLibrary() {
        if (whisper != null) return;
        synchronized (LIBRARY_LOCK) {
            if (!libraryLoaded) {
                try {
                    WhisperJNI.loadLibrary(message -> log.debug("whisper-jni: {}", message.strip()));
                    WhisperJNI.setLibraryLogger(WhisperRecognizer::nativeLog);
                    libraryLoaded = true;
                } catch (IOException | LinkageError e) {
                    throw new NativeLibraryMissing("whisper.cpp (whisper-jni) could not be loaded: " + e.getMessage()
                            + ". It needs the OpenMP runtime: apt-get install libgomp1");
                }
            }
        }
        whisper = new WhisperJNI();
    }

    private static void nativeLog(String message) {
        Matcher m = DETECTED_LINE.matcher(message);
        if (m.find()) DETECTED.set(m.group(1));
        log.debug("whisper.cpp: {}", message.strip());
    }

    /** Frees every loaded model; the pool has stopped, so no decode is running. */
    @Override
    public synchronized void close() {
        for (Loaded l : loaded.values()) {
            for (WhisperState s = l.idle.poll(); s != null; s = l.idle.poll()) whisper.free(s);
            whisper.free(l.context);
        }
        loaded.clear();
    }

    private record Loaded(WhisperContext context, GgmlHeader header, Instant installedAt,
                          ConcurrentLinkedQueue<WhisperState> idle) {
    }
}
