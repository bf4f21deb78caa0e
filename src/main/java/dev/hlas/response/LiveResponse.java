package dev.hlas.response;

import dev.hlas.audio.AudioOutput;
import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.PcmChunk;
import dev.hlas.error.InternalFailure;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SpeechStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A response being synthesized: PCM chunks from the stream go through the response's one {@link AudioOutput} in
 * the pulling thread (encoders are not thread-safe), and whatever bytes the encoder has produced so far are the next
 * piece. The cache recorder sees the same bytes and stores them only when the encoder has finished the file.
 */
final class LiveResponse implements SpeechResponse {
    /** How often a response still waiting for its first audio asks whether its client has left. */
    private static final long FIRST_CHUNK_POLL_MILLIS = 100;
    private final ResponseInfo info;
    private final SpeechStream stream;
    private final SpeechCache.Recorder recorder;
    private final RequestRecord record;
    private final BooleanSupplier clientGone;
    private final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    private final AudioOutput audio;
    private boolean started;
    private boolean encoderFinished;
    private boolean ended;
    private boolean failed;
    private volatile boolean cancelled;

    LiveResponse(ResponseInfo info, SpeechStream stream, SpeechCache.Recorder recorder,
                 Function<OutputStream, AudioOutput> output, RequestRecord record, BooleanSupplier clientGone) {
        this.info = info;
        this.stream = stream;
        this.recorder = recorder;
        this.record = record;
        this.clientGone = clientGone;
        this.audio = output.apply(recorder.tee(encoded));
    }

    @Override
    public ResponseInfo info() {
        return info;
    }

    @Override
    public OptionalInt contentLength() {
        return OptionalInt.empty();
    }

    @Override
    public byte[] next() throws InterruptedException {
        try {
            return produce();
        } catch (RuntimeException | InterruptedException e) {
            failed = true;
            throw e;
        }
    }

    private byte[] produce() throws InterruptedException {
        while (!ended) {
            if (encoderFinished) {
                ended = true;
                complete();
                return null;
            }
            PcmChunk chunk = started ? stream.next() : stream.next(clientGone, FIRST_CHUNK_POLL_MILLIS);
            started = true;
            try {
                if (chunk == null) {
                    audio.finish();
                    encoderFinished = true;
                } else {
                    audio.write(chunk);
                }
            } catch (IOException e) {
                stream.cancel();
                throw new InternalFailure("Encoding the audio failed.", e);
            }
            if (encoded.size() > 0) {
                byte[] piece = encoded.toByteArray();
                encoded.reset();
                return piece;
            }
        }
        return null;
    }

    /** The whole file was produced: record it and keep it. */
    private void complete() {
        double seconds = audio.seconds();
        if (record != null) record.audioSeconds(seconds);
        recorder.commit(info.contentType(), info.metadata(), seconds);
    }

    @Override
    public double audioSeconds() {
        return audio.seconds();
    }

    @Override
    public void cancel() {
        cancelled = true;
        stream.cancel();
    }

    @Override
    public void close() {
        try {
            if (!ended) {
                stream.cancel();
                if (record != null && (!failed || cancelled)) record.aborted();
            }
            stream.close();
        } finally {
            recorder.abandon(); // after a commit: nothing
            audio.close();
        }
    }
}
