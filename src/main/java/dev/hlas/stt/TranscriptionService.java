package dev.hlas.stt;

import dev.hlas.audio.AudioDecoder;
import dev.hlas.config.SttConfig;
import dev.hlas.error.HlasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs transcriptions: picks the model, takes a place on the recognizers' own worker pool (or refuses at once with a
 * 429 and {@code Retry-After}, as the speech engines do), decodes the upload to 16 kHz mono and recognizes it on a
 * worker. The pool is separate from the speech engines' pools, so a long recording never holds up speech.
 */
public final class TranscriptionService implements AutoCloseable {
    /** OpenAI's model names, answered by the default model. */
    public static final Set<String> OPENAI_NAMES = Set.of("whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe",
            "gpt-4o-transcribe-diarize");
    /** Preferred default models, best trade-off first. */
    private static final List<String> PREFERENCE = List.of("whisper-base", "whisper-small", "whisper-large-v3-turbo",
            "whisper-tiny", "whisper-medium", "whisper-base.en", "whisper-small.en", "whisper-tiny.en",
            "whisper-medium.en");
    private static final Logger log = LoggerFactory.getLogger(TranscriptionService.class);

    private final List<Recognizer> recognizers;
    private final SttConfig config;
    private final int queueLimit;
    private final Semaphore places;
    private final ExecutorService pool;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    /** Recent mean seconds of work per request, for Retry-After. */
    private volatile double meanSeconds = 2;

    /**
     * @param recognizers the engines, in lookup order
     * @param config      limits, default model, workers
     * @param queueLimit  requests that may wait beyond the running ones (the same limit as the speech engines)
     */
    public TranscriptionService(List<Recognizer> recognizers, SttConfig config, int queueLimit) {
        this.recognizers = List.copyOf(recognizers);
        this.config = config;
        this.queueLimit = Math.max(0, queueLimit);
        this.places = new Semaphore(config.workers() + this.queueLimit);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.workers(),
                r -> Thread.ofPlatform().daemon().name("hlas-stt-" + n.incrementAndGet()).unstarted(r));
    }

    public SttConfig config() {
        return config;
    }

    /** Every installed recognition model, in engine order. */
    public List<RecognizerModel> models() {
        List<RecognizerModel> out = new ArrayList<>();
        for (Recognizer r : recognizers) out.addAll(r.models());
        return out;
    }

    /**
     * The model a request names: an OpenAI name or null gives the default one; an install id gives that model.
     *
     * @throws HlasException 400 ({@code model}) when no model is installed or the id is unknown
     */
    public RecognizerModel resolve(String requested) {
        List<RecognizerModel> installed = models();
        if (requested == null || requested.isBlank() || OPENAI_NAMES.contains(requested)) {
            if (installed.isEmpty()) {
                throw HlasException.invalid("model", "model_not_found", "No speech recognition model is installed. "
                        + "Install one with: hlas voices pull whisper-base");
            }
            if (config.defaultModel() != null) return find(installed, config.defaultModel());
            for (String id : PREFERENCE) {
                for (RecognizerModel m : installed) if (m.id().equals(id)) return m;
            }
            return installed.getFirst();
        }
        return find(installed, requested);
    }

    private static RecognizerModel find(List<RecognizerModel> installed, String id) {
        for (RecognizerModel m : installed) {
            if (m.id().equals(id) || m.id().equals("whisper-" + id)) return m;
        }
        throw HlasException.invalid("model", "model_not_found", "The speech recognition model '" + id
                + "' is not installed. Installed: " + (installed.isEmpty() ? "none"
                : String.join(", ", installed.stream().map(RecognizerModel::id).toList()))
                + ". Install one with: hlas voices pull whisper-base");
    }

    /**
     * Takes a place on the pool or refuses at once.
     *
     * @throws HlasException 429 with a retry time when {@code workers + queueLimit} requests are already admitted
     */
    public Place admit() {
        if (!places.tryAcquire()) {
            rejected.incrementAndGet();
            int admitted = config.workers() + queueLimit;
            int retry = (int) Math.max(1, Math.ceil(meanSeconds * admitted / config.workers()));
            throw HlasException.busy(String.format(Locale.ROOT,
                    "speech recognition busy: queue %d/%d, active %d. Retry later.",
                    Math.max(0, admitted - config.workers()), queueLimit, running.get()), retry);
        }
        return new Place();
    }

    /**
     * Decodes and recognizes on a worker and waits for it. The caller must have been admitted.
     *
     * @throws HlasException 400 for undecodable or too long audio, model errors, engine failures
     */
    public Transcription transcribe(Place place, TranscriptionRequest request) throws InterruptedException {
        RecognizerModel model = resolve(request.model());
        Recognizer recognizer = recognizerOf(model);
        Future<Transcription> job = pool.submit(() -> {
            running.incrementAndGet();
            try {
                long start = System.nanoTime();
                float[] samples = AudioDecoder.decode(request.audio(), Pcm16k.RATE, config.maxSeconds(), "file");
                long decoded = System.nanoTime();
                Pcm16k audio = new Pcm16k(samples);
                Transcript transcript = recognizer.recognize(model, audio, request.options());
                long done = System.nanoTime();
                meanSeconds = meanSeconds * 0.8 + (done - start) / 1e9 * 0.2;
                return new Transcription(transcript, model, audio.seconds(), decoded - start, done - decoded);
            } finally {
                running.decrementAndGet();
            }
        });
        try {
            return job.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HlasException h) throw h;
            throw HlasException.internal("Speech recognition failed.", cause);
        } catch (InterruptedException e) {
            job.cancel(false);
            throw e;
        } finally {
            place.release();
        }
    }

    private Recognizer recognizerOf(RecognizerModel model) {
        for (Recognizer r : recognizers) {
            if (r.id().equals(model.engine())) return r;
        }
        throw HlasException.internal("No recognizer for engine " + model.engine(), null);
    }

    /** Requests holding a place (running or waiting), and refusals since start. */
    public Load load() {
        return new Load(config.workers(), queueLimit, config.workers() + queueLimit - places.availablePermits(),
                running.get(), rejected.get());
    }

    public record Load(int workers, int queueLimit, int admitted, int running, long rejected) {
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) log.warn("speech recognition still running at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        recognizers.forEach(Recognizer::close);
    }

    /** A place on the pool, released exactly once. */
    public final class Place {
        private boolean released;

        private Place() {
        }

        public synchronized void release() {
            if (released) return;
            released = true;
            places.release();
        }
    }
}
