package dev.hlas.engine.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates ONNX Runtime sessions with {@link OnnxSettings} applied. Sessions are expensive (≈0.7 s for a real voice):
 * create one per model and reuse it; {@code OrtSession.run} is thread-safe.
 */
public final class OnnxSessions {
    private OnnxSessions() {
    }

    /** The process-wide ORT environment. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Loads a model file.
     *
     * @throws OnnxModelException with a clear message when the file is missing, truncated or not an ONNX model
     */
    public static OrtSession open(Path model, OnnxSettings settings) {
        if (!Files.isRegularFile(model)) throw new OnnxModelException("model file not found: " + model);
        // Session creation needs more native stack than a JVM thread gets by default (-Xss 1 MB): from a plain
        // `java` main thread ORT 1.29 crashed the process (SIGSEGV, no hs_err) while loading even a tiny model.
        // So it runs on its own thread with a generous stack, whoever calls.
        OrtSession[] session = new OrtSession[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread loader = new Thread(null, () -> {
            try {
                session[0] = create(model, settings);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "hlas-onnx-load", SESSION_STACK_BYTES);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnnxModelException("interrupted while loading " + model.getFileName(), e);
        }
        if (failure[0] != null) throw failure[0];
        return session[0];
    }

    /** Native stack for the thread that creates a session. */
    private static final long SESSION_STACK_BYTES = 64L << 20;

    private static OrtSession create(Path model, OnnxSettings settings) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setCPUArenaAllocator(settings.cpuArena());
            options.setMemoryPatternOptimization(settings.memoryPattern());
            String spin = settings.spinning() ? "1" : "0";
            options.addConfigEntry("session.intra_op.allow_spinning", spin);
            options.addConfigEntry("session.inter_op.allow_spinning", spin);
            return environment().createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new OnnxModelException("cannot load ONNX model " + model.getFileName()
                    + " (corrupt or truncated file?): " + e.getMessage(), e);
        }
    }
}
