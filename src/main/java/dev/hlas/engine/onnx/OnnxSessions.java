package dev.hlas.engine.onnx;

import dev.hlas.error.ModelBroken;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates ONNX Runtime sessions with {@link OnnxSettings} applied. Sessions are expensive (≈0.7 s for a real voice):
 * create one per model and reuse it; {@code OrtSession.run} is thread-safe.
 */
public final class OnnxSessions {
    private OnnxSessions() {
    }

    /**
     * Stack for the thread that creates ORT's environment and sessions. Measured with ORT 1.29 on JDK 25: creating
     * the environment on a thread with the JVM's default 1 MB (or 2 MB) stack crashes the process with SIGSEGV
     * (the launcher's main thread, pool threads, virtual threads' carriers all have 1 MB); 4 MB works.
     */
    static final long LOAD_STACK_BYTES = 16L << 20;
    private static volatile OrtEnvironment environment;
    private static final AtomicLong CREATED = new AtomicLong();
    private static final Logger log = LoggerFactory.getLogger(OnnxSessions.class);
    private static volatile OnnxDevice device = OnnxDevice.AUTO;
    /** The device chosen for {@link #device}, decided at the first session and said once; null: not yet. */
    private static final AtomicReference<Placement> placement = new AtomicReference<>();

    /**
     * Where sessions run and why: CUDA, or the CPU with the reason CUDA was not used (null when the CPU was asked
     * for).
     */
    public record Placement(OnnxDevice asked, boolean cuda, String reason) {
    }

    /** Where the sessions created from now on run (process-wide: one GPU choice per server). */
    public static void useDevice(OnnxDevice wanted) {
        if (wanted != device) {
            device = wanted;
            placement.set(null);
        }
    }

    /** Where sessions run, once the first session decided it; empty before. */
    public static Optional<Placement> placement() {
        return Optional.ofNullable(placement.get());
    }

    /** The process-wide ORT environment (created on a large-stack thread, see {@link #LOAD_STACK_BYTES}). */
    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env == null) {
            synchronized (OnnxSessions.class) {
                if (environment == null) environment = onLargeStack(OrtEnvironment::getEnvironment);
                env = environment;
            }
        }
        return env;
    }

    /** Runs {@code work} on a fresh platform thread with a {@link #LOAD_STACK_BYTES} stack and waits for it. */
    static <T> T onLargeStack(Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loader = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "hlas-onnx-load", LOAD_STACK_BYTES);
        loader.start();
        boolean interrupted = false;
        while (true) {
            try {
                loader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a half-created native session must not be abandoned
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new ModelBroken("ONNX Runtime failed: " + t.getMessage(), t);
        return result.get();
    }

    /**
     * Loads a model file.
     *
     * @throws ModelBroken with a clear message when the file is missing, truncated or not an ONNX model
     */
    public static OrtSession open(Path model, OnnxSettings settings) {
        if (!Files.isRegularFile(model)) throw new ModelBroken("model file not found: " + model);
        OrtEnvironment env = environment();
        return onLargeStack(() -> create(env, model, settings));
    }

    /**
     * Loads a model from bytes already in memory (a model patched on load, see {@link OnnxOutputs}).
     *
     * @param what the model's name in messages
     * @throws ModelBroken when the bytes are not a loadable ONNX model
     */
    public static OrtSession open(byte[] model, String what, OnnxSettings settings) {
        OrtEnvironment env = environment();
        return onLargeStack(() -> create(env, what, settings, options -> env.createSession(model, options)));
    }

    /**
     * How many sessions this process has created. Loading is lazy: commands that only list voices or speak with
     * espeak-ng must leave this at zero (tests check it).
     */
    public static long created() {
        return CREATED.get();
    }

    /**
     * Adds the CUDA provider to {@code options} when the device asks for it and it loads; otherwise leaves them on
     * the CPU. The first session decides and says it in one log line; later ones follow that decision.
     */
    private static void place(OrtSession.SessionOptions options) {
        OnnxDevice asked = device;
        Placement decided = placement.get();
        if (decided != null && decided.asked() == asked) {
            if (decided.cuda()) {
                try {
                    addCuda(options);
                } catch (OrtException e) {
                    throw new ModelBroken("the CUDA provider loaded before but not now: " + e.getMessage(), e);
                }
            }
            return;
        }
        Placement now = decide(asked, options);
        if (placement.compareAndSet(decided, now)) {
            if (now.cuda()) {
                log.info("ONNX Runtime runs on CUDA (--device {})", asked.name().toLowerCase(Locale.ROOT));
            } else if (asked == OnnxDevice.CUDA || (asked == OnnxDevice.AUTO && now.reason() != null
                    && !now.reason().startsWith("this is a CPU build"))) {
                log.warn("ONNX Runtime runs on the CPU: {}", now.reason());
            } else if (now.reason() != null) {
                log.info("ONNX Runtime runs on the CPU: {}", now.reason());
            }
        }
    }

    private static Placement decide(OnnxDevice asked, OrtSession.SessionOptions options) {
        if (asked == OnnxDevice.CPU) return new Placement(asked, false, null);
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return new Placement(asked, false, "this is a CPU build of Hlas (its ONNX Runtime has no CUDA provider; "
                    + "the CUDA image or `mvn -Pcuda` has one); continuing on the CPU");
        }
        try {
            addCuda(options);
            return new Placement(asked, true, null);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            return new Placement(asked, false, "the CUDA provider did not load (" + e.getMessage()
                    + "); continuing on the CPU");
        }
    }

    /**
     * GPU 0, its memory arena growing by what is asked rather than doubling: the CPU arena is off for the same
     * reason (see {@link OnnxSettings}), sentences of very different lengths would ratchet it up.
     */
    private static void addCuda(OrtSession.SessionOptions options) throws OrtException {
        // Not closed here: the session options may still refer to it until the session is made; a few bytes per
        // session, and sessions are made once per model.
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(0);
        cuda.add("arena_extend_strategy", "kSameAsRequested");
        options.addCUDA(cuda);
    }

    private static OrtSession create(OrtEnvironment env, Path model, OnnxSettings settings) {
        return create(env, model.getFileName().toString(), settings,
                options -> env.createSession(model.toString(), options));
    }

    /** How a session is made from prepared options. */
    private interface Creator {
        OrtSession create(OrtSession.SessionOptions options) throws OrtException;
    }

    private static OrtSession create(OrtEnvironment env, String what, OnnxSettings settings, Creator creator) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            place(options);
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setCPUArenaAllocator(settings.cpuArena());
            options.setMemoryPatternOptimization(settings.memoryPattern());
            String spin = settings.spinning() ? "1" : "0";
            options.addConfigEntry("session.intra_op.allow_spinning", spin);
            options.addConfigEntry("session.inter_op.allow_spinning", spin);
            OrtSession session = creator.create(options);
            CREATED.incrementAndGet();
            return session;
        } catch (OrtException e) {
            throw new ModelBroken("cannot load ONNX model " + what
                    + " (corrupt or truncated file?): " + e.getMessage(), e);
        }
    }
}
