package dev.hlas.response;

import dev.hlas.audio.AudioOutput;
import dev.hlas.cache.SpeechCache;
import dev.hlas.engine.PcmChunk;
import dev.hlas.error.InternalFailure;
import dev.hlas.ops.RequestRecord;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpeechStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final boolean timingsFirst;
    /** Chunks of the sentence being synthesized, held until its timing arrives (only with {@code timingsFirst}). */
    private final List<PcmChunk> held = new ArrayList<>();
    private final List<SentenceTiming> timings = new CopyOnWriteArrayList<>();

    LiveResponse(ResponseInfo info, SpeechStream stream, SpeechCache.Recorder recorder,
                 Function<OutputStream, AudioOutput> output, RequestRecord record, BooleanSupplier clientGone,
                 boolean timingsFirst) {
        this.timingsFirst = timingsFirst;
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
            Object item = started ? stream.nextItem(() -> false, FIRST_CHUNK_POLL_MILLIS)
                    : stream.nextItem(clientGone, FIRST_CHUNK_POLL_MILLIS);
            try {
                switch (item) {
                    case null -> {
                        release();
                        audio.finish();
                        encoderFinished = true;
                    }
                    case SentenceTiming timing -> {
                        timings.add(timing);
                        release();
                    }
                    case PcmChunk chunk when timingsFirst -> held.add(chunk);
                    case PcmChunk chunk -> audio.write(chunk);
                    default -> throw new IllegalStateException("unexpected stream item " + item);
                }
            } catch (IOException e) {
                stream.cancel();
                throw new InternalFailure("Encoding the audio failed.", e);
            }
            if (encoded.size() > 0) {
                started = true;
                byte[] piece = encoded.toByteArray();
                encoded.reset();
                return piece;
            }
        }
        return null;
    }

    /** Encodes the held chunks of a sentence whose timing is known. */
    private void release() throws IOException {
        for (PcmChunk chunk : held) audio.write(chunk);
        held.clear();
    }

    /** The whole file was produced: record it and keep it, with its timings. */
    private void complete() {
        double seconds = audio.seconds();
        if (record != null) record.audioSeconds(seconds);
        Map<String, String> metadata = new LinkedHashMap<>(info.metadata());
        TimingMetadata.put(metadata, timings);
        recorder.commit(info.contentType(), metadata, seconds);
    }

    @Override
    public List<SentenceTiming> timings() {
        return List.copyOf(timings);
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
