package dev.hlas.wyoming;

import dev.hlas.error.ClientGone;
import dev.hlas.error.HlasException;
import dev.hlas.ops.RequestRecord;
import dev.hlas.response.IncrementalResponse;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.SpeechResponse;
import dev.hlas.response.UtteranceEvent;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.wyoming.WyomingErrors.WyomingError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One client connection: its own virtual thread reads frames and answers {@code describe}; each synthesis (a whole
 * {@code synthesize}, or a {@code synthesize-start} … {@code synthesize-stop} stream) is a {@link Turn} whose audio a
 * second virtual thread writes, so the reader keeps taking a stream's text while earlier sentences are spoken and
 * notices at once when the client hangs up (which cancels synthesis and frees the engine place). Writes of both
 * threads go through the connection's one {@link FrameWriter}.
 *
 * <p>Turns run one at a time per connection, in order: a new one waits for the previous to end.
 */
final class WyomingConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WyomingConnection.class);
    private static final Logger requestLog = LoggerFactory.getLogger("dev.hlas.request");
    private static final int CHUNK_BYTES = WyomingProtocol.SAMPLES_PER_CHUNK * 2;
    private static final long JOIN_MILLIS = 10_000;
    private final WyomingServer server;
    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final String client;
    /** The latest turn (possibly ended); set by the reader thread. */
    private volatile Turn turn;
    /** The stream between its start and stop; set by the reader thread. */
    private volatile StreamTurn stream;
    private volatile boolean closed;

    WyomingConnection(WyomingServer server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.reader = new FrameReader(socket.getInputStream());
        this.writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), 16 * 1024));
        this.client = socket.getInetAddress().getHostAddress();
    }

    @Override
    public void run() {
        boolean clientEnded = false;
        try {
            while (!closed) {
                WyomingEvent event;
                try {
                    event = reader.read();
                } catch (FrameError e) {
                    log.debug("wyoming {}: bad frame: {}", client, e.getMessage());
                    writer.write(WyomingErrors.of(e).event());
                    if (e.fatal()) break;
                    continue;
                }
                if (event == null) {
                    clientEnded = true;
                    break;
                }
                handle(event);
            }
        } catch (IOException e) {
            log.debug("wyoming {}: connection ended: {}", client, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("wyoming {}: connection failed", client, e);
        } finally {
            Turn last = turn;
            if (last != null) {
                // A client that only closed its sending side after a whole synthesize (echo … | nc) still gets its
                // answer; a broken connection, or a stream that can no longer be stopped, ends the turn now.
                boolean answer = clientEnded && last != stream && !closed;
                if (!answer) last.cancel();
                last.join(answer ? 0 : JOIN_MILLIS);
            }
            close();
            server.ended(this);
        }
    }

    private void handle(WyomingEvent event) throws IOException, InterruptedException {
        switch (event.type()) {
            case WyomingProtocol.DESCRIBE -> writer.write(server.voices().info());
            case WyomingProtocol.PING -> writer.write(WyomingEvent.of(WyomingProtocol.PONG, event.data()));
            case WyomingProtocol.SYNTHESIZE -> {
                if (stream != null) return; // the whole text again, sent for old servers while streaming: ignored
                awaitTurn();
                begin(new WholeTurn(event));
            }
            case WyomingProtocol.SYNTHESIZE_START -> {
                if (stream != null) {
                    writer.write(WyomingErrors.protocol("A stream is already open: send synthesize-stop first.")
                            .event());
                    return;
                }
                awaitTurn();
                stream = new StreamTurn(event);
                begin(stream);
            }
            case WyomingProtocol.SYNTHESIZE_CHUNK -> {
                if (stream == null) {
                    writer.write(WyomingErrors.protocol("synthesize-chunk outside a stream: send synthesize-start "
                            + "first.").event());
                    return;
                }
                stream.append(event.text("text"));
            }
            case WyomingProtocol.SYNTHESIZE_STOP -> {
                if (stream == null) {
                    writer.write(WyomingErrors.protocol("synthesize-stop outside a stream.").event());
                    return;
                }
                stream.stop();
                stream = null;
            }
            default -> log.debug("wyoming {}: ignoring event {}", client, event.type());
        }
    }

    private void awaitTurn() throws InterruptedException {
        if (turn != null) turn.thread.join();
    }

    private void begin(Turn t) {
        turn = t;
        server.turnStarted();
        t.thread = Thread.ofVirtual().name("hlas-wyoming-turn").start(() -> {
            try {
                t.run();
            } finally {
                server.turnEnded();
            }
        });
    }

    /** Closes the socket: blocked reads and writes fail at once, and the running turn stops. */
    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * Why the watchdog should drop this connection now, or null: a frame started and not completed in time (a
     * slow-loris client), a write blocked too long (a client that stopped reading), or silence past the idle limit.
     */
    String overdue(long now) {
        long frame = reader.frameStartedNanos();
        if (frame != 0 && now - frame > server.config().frameTimeout().toNanos()) return "frame not completed in time";
        long write = writer.writeStartedNanos();
        if (write != 0 && now - write > server.config().writeTimeout().toNanos()) return "client stopped reading";
        long last = Math.max(reader.lastFrameNanos(), writer.lastWriteNanos());
        if (frame == 0 && write == 0 && now - last > server.config().idleTimeout().toNanos()) return "idle";
        return null;
    }

    String client() {
        return client;
    }

    private RequestRecord newRecord(String route) {
        RequestRecord r = new RequestRecord(server.newId(), "WYOMING", route, System.nanoTime(),
                System.currentTimeMillis());
        r.transport("wyoming");
        r.route(route);
        r.client(client);
        return r;
    }

    /** One synthesis and its audio: {@code audio-start}, {@code audio-chunk}s of one format, {@code audio-stop}. */
    private abstract class Turn {
        final RequestRecord record;
        volatile Thread thread;
        int rate;
        private long samples;
        private boolean audioStarted;

        Turn(RequestRecord record) {
            this.record = record;
        }

        abstract void run();

        abstract void cancel();

        /** Waits for the turn's thread: up to {@code millis}, or without bound for 0. */
        void join(long millis) {
            try {
                if (thread != null) thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Writes PCM as {@code audio-chunk}s of at most {@value WyomingProtocol#SAMPLES_PER_CHUNK} samples. */
        void audio(byte[] pcm) throws IOException {
            if (!audioStarted) {
                writer.write(WyomingEvent.of(WyomingProtocol.AUDIO_START, format(0)));
                audioStarted = true;
            }
            for (int offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
                byte[] piece = Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + CHUNK_BYTES));
                writer.write(new WyomingEvent(WyomingProtocol.AUDIO_CHUNK, format(millis()), piece));
                samples += piece.length / 2;
                record.firstByte(System.nanoTime());
            }
        }

        /** Ends the audio: {@code audio-stop}, preceded by an {@code audio-start} when there was no audio. */
        void audioStop() throws IOException {
            if (!audioStarted) {
                writer.write(WyomingEvent.of(WyomingProtocol.AUDIO_START, format(0)));
                audioStarted = true;
            }
            writer.write(WyomingEvent.of(WyomingProtocol.AUDIO_STOP, Map.of("timestamp", millis())));
        }

        boolean audioStarted() {
            return audioStarted;
        }

        private long millis() {
            return rate == 0 ? 0 : samples * 1000 / rate;
        }

        private Map<String, Object> format(long timestamp) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate", rate);
            m.put("width", 2);
            m.put("channels", 1);
            m.put("timestamp", timestamp);
            return m;
        }

        /** Tells the client, unless it is gone; answers the status the record gets. */
        int fail(HlasException e) {
            WyomingError error = WyomingErrors.of(e);
            if (error.status() >= 500) {
                log.error("wyoming {}: {} failed", client, record.route(), e);
            } else {
                log.debug("wyoming {}: {} refused: {}", client, record.route(), error.text());
            }
            try {
                if (!closed) writer.write(error.event());
            } catch (IOException gone) {
                record.aborted();
            }
            return error.status();
        }

        void finish(int status) {
            record.finish(status, System.nanoTime());
            server.metrics().requestFinished(record);
            if (!requestLog.isInfoEnabled()) return;
            StringBuilder b = new StringBuilder(160);
            b.append("id=").append(record.id()).append(" transport=wyoming route=").append(record.route())
                    .append(" status=").append(status).append(" ms=")
                    .append(Math.round(record.durationSeconds() * 1000)).append(" client=").append(client);
            if (record.isSpeech()) {
                b.append(" voice=").append(record.voice()).append(" engine=").append(record.engine())
                        .append(" chars=").append(record.characters()).append(" cache=").append(record.cache())
                        .append(" audio_s=").append(String.format(Locale.ROOT, "%.2f", record.audioSeconds()));
                if (!Double.isNaN(record.ttfbSeconds())) {
                    b.append(" ttfb_ms=").append(Math.round(record.ttfbSeconds() * 1000));
                }
                if (record.wasAborted()) b.append(" aborted=true");
            }
            requestLog.info(b.toString());
        }
    }

    /** {@code synthesize} with the whole text: through the cache, like an HTTP {@code pcm} request. */
    private final class WholeTurn extends Turn {
        private final WyomingEvent event;
        private volatile SpeechResponse response;
        private volatile boolean cancelled;

        WholeTurn(WyomingEvent event) {
            super(newRecord("synthesize"));
            this.event = event;
        }

        @Override
        void run() {
            int status = 200;
            try {
                String text = event.text("text");
                if (text == null) throw HlasException.invalid("text", "synthesize needs a 'text'.");
                server.checkLength(text);
                if (server.logTexts()) record.text(text);
                WyomingVoices.Choice choice = server.voices().choose(event.object("voice"));
                String format = event.text("text_format");
                // The audio is the first sentence's voice's own rate, as the reference server sends it.
                int nativeRate = server.pipeline().speech().plan(WyomingVoices.request(text, choice, null, format))
                        .nativeSampleRate();
                SpeechRequest request = WyomingVoices.request(text, choice, nativeRate, format);
                ResponseOptions options = new ResponseOptions(record, false, () -> cancelled);
                try (SpeechResponse r = server.pipeline().open(request, options)) {
                    response = r;
                    if (cancelled) r.cancel();
                    rate = r.info().sampleRate();
                    for (byte[] piece = r.next(); piece != null; piece = r.next()) audio(piece);
                    if (cancelled) throw new ClientGone();
                    audioStop();
                }
            } catch (ClientGone e) {
                record.aborted();
                status = 499;
            } catch (HlasException e) {
                status = fail(e);
            } catch (IOException | InterruptedException e) {
                record.aborted();
                status = 499;
            } catch (RuntimeException e) {
                status = fail(HlasException.of(e));
            } finally {
                finish(status);
            }
        }

        /** Stops synthesis and wakes the turn's thread wherever it waits (a cancelled stream sends no end). */
        @Override
        void cancel() {
            cancelled = true;
            SpeechResponse r = response;
            if (r != null) r.cancel();
            Thread t = thread;
            if (t != null) t.interrupt();
        }
    }

    /**
     * {@code synthesize-start} … {@code synthesize-chunk}s … {@code synthesize-stop}: each sentence is spoken as soon
     * as the text shows it is complete, all in the format of the first {@code audio-start}; the response ends with
     * {@code audio-stop} and {@code synthesize-stopped} once the client has sent {@code synthesize-stop}.
     */
    private final class StreamTurn extends Turn {
        private final CountDownLatch stopped = new CountDownLatch(1);
        private IncrementalResponse response;
        private volatile HlasException failure;
        private int characters;

        StreamTurn(WyomingEvent start) {
            super(newRecord("synthesize-stream"));
            try {
                WyomingVoices.Choice choice = server.voices().choose(start.object("voice"));
                rate = server.voices().streamRate(choice);
                // text_format "ssml" (an extension) or a first chunk that starts with <speak>: SSML, cut at safe points
                response = server.pipeline().openIncremental(WyomingVoices.request("", choice, rate,
                        start.text("text_format")), new ResponseOptions(record, true, null));
            } catch (HlasException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = HlasException.of(e);
            }
        }

        /** Takes the next piece of text (the reader's thread). */
        void append(String text) throws IOException {
            if (text == null || text.isEmpty() || failure != null || response == null) return;
            characters += text.codePointCount(0, text.length());
            try {
                server.checkLength(characters);
            } catch (HlasException e) {
                failure = e;
                response.cancel(); // the pump then tells the client and waits for synthesize-stop
                return;
            }
            if (server.logTexts()) record.text(record.text() == null ? text : record.text() + text);
            try {
                response.append(text);
            } catch (IllegalStateException e) {
                // cancelled meanwhile (the connection is closing)
            }
        }

        /** The client sent synthesize-stop (or left): speak what is buffered, then end. */
        void stop() {
            IncrementalResponse r = response;
            if (r != null) r.finish();
            stopped.countDown();
        }

        @Override
        void run() {
            int status = 200;
            try {
                if (response != null) {
                    try (IncrementalResponse r = response) {
                        for (UtteranceEvent e = r.next(); e != null; e = r.next()) {
                            if (e instanceof UtteranceEvent.Audio a) audio(a.bytes());
                        }
                    }
                }
                if (failure != null) {
                    status = fail(failure);
                } else if (closed) {
                    throw new ClientGone();
                } else if (audioStarted()) {
                    audioStop();
                }
                stopped.await();
                if (closed) throw new ClientGone();
                writer.write(WyomingEvent.of(WyomingProtocol.SYNTHESIZE_STOPPED));
            } catch (ClientGone e) {
                record.aborted();
                status = 499;
            } catch (HlasException e) {
                status = fail(e);
                awaitStopAndEnd();
            } catch (IOException | InterruptedException e) {
                record.aborted();
                status = 499;
            } catch (RuntimeException e) {
                status = fail(HlasException.of(e));
                awaitStopAndEnd();
            } finally {
                if (response != null && record.isSpeech()) {
                    record.speech(record.engine(), record.voice(), record.format(), response.characters());
                }
                finish(status);
            }
        }

        /** After a failure mid-stream: the client still ends its stream; answer its stop so it does not wait. */
        private void awaitStopAndEnd() {
            try {
                stopped.await();
                if (!closed) writer.write(WyomingEvent.of(WyomingProtocol.SYNTHESIZE_STOPPED));
            } catch (IOException | InterruptedException e) {
                record.aborted();
            }
        }

        @Override
        void cancel() {
            IncrementalResponse r = response;
            if (r != null) r.cancel();
            stopped.countDown();
        }
    }
}
