package dev.hlas.api.ws;

import dev.hlas.api.CaptionsJson;
import dev.hlas.error.HlasException;
import dev.hlas.error.InvalidRequest;
import dev.hlas.ops.RequestRecord;
import dev.hlas.response.IncrementalResponse;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.SpeechResponse;
import dev.hlas.response.UtteranceEvent;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SentenceTiming;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.SpokenWord;
import dev.hlas.text.SentenceBuffer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One utterance of a session: the text between two flushes (or a flush and a cancel), spoken as one response with
 * one encoder and one request record.
 *
 * <p>Two ways to speak it, both through the {@link dev.hlas.response.ResponsePipeline}:
 * <ul>
 *   <li><b>Streaming</b>: as soon as the text holds a complete sentence (the same splitter as a whole text decides),
 *       an {@link IncrementalResponse} starts and every later delta goes into it; sentences are synthesized while
 *       text still arrives.</li>
 *   <li><b>Whole</b>: when {@code flush} comes before any sentence was complete (one short reply, or a client that
 *       sends the whole text at once), the whole text is one request like an HTTP one: the cache answers it when it
 *       can, and stores it when not. Its {@code sentence} messages all precede the first audio.</li>
 * </ul>
 *
 * <p>Time to first audio ({@code ttfb_ms}, the record's ttfb) is measured from the moment the utterance's first
 * sentence became synthesizable (the delta that completed it, or the flush) to the first audio frame handed to the
 * socket. Utterances are sent in order: one whose predecessor is still being sent waits for it (its synthesis runs
 * meanwhile).
 */
final class Utterance {
    private final StreamSession session;
    private final int number;
    private final Utterance previous;
    private final SpeechRequest settings;
    private final boolean binary;
    /** Whether to send each sentence's {@code words}. */
    private final boolean words;
    private int wordsSent;
    private final StringBuilder text = new StringBuilder();
    private final SentenceBuffer probe = new SentenceBuffer();
    private final CountDownLatch done = new CountDownLatch(1);
    private int characters;
    private volatile IncrementalResponse incremental;
    private volatile SpeechResponse whole;
    private SpeechPlan wholePlan;
    private RequestRecord record;
    private long readyNanos;
    private volatile Thread consumer;
    private volatile boolean cancelled;
    private boolean failed;

    Utterance(StreamSession session, int number, Utterance previous, SpeechRequest settings, boolean binary,
              boolean words) {
        this.words = words;
        this.session = session;
        this.number = number;
        this.previous = previous;
        this.settings = settings;
        this.binary = binary;
    }

    /** Code points received. */
    int characters() {
        return characters;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Counted down when nothing more of this utterance will be sent. */
    CountDownLatch done() {
        return done;
    }

    /** A delta (message thread). Starts streaming synthesis once a sentence is complete. */
    void append(String delta) {
        if (failed || cancelled) return; // the rest of a failed utterance is dropped until the next flush
        characters += delta.codePointCount(0, delta.length());
        text.append(delta);
        if (incremental != null) {
            incremental.append(delta);
        } else if (!probe.append(delta).isEmpty()) {
            startStreaming();
        }
    }

    /** {@code flush} (message thread): no more text; speak the rest. */
    void flush() {
        if (failed || cancelled) return;
        if (incremental != null) {
            incremental.finish();
            return;
        }
        if (text.toString().isBlank()) {
            end();
            return;
        }
        readyNanos = System.nanoTime();
        record = session.newRecord(number, readyNanos);
        SpeechRequest request = settings.withInput(text.toString());
        try {
            wholePlan = session.pipeline().speech().plan(request);
            whole = session.pipeline().open(request, new ResponseOptions(record, false, null));
        } catch (InvalidRequest e) {
            if (!"input".equals(e.param())) throw fail(e);
            wholePlan = null; // nothing speakable: an empty utterance
            record = null;
        } catch (HlasException e) {
            throw fail(e);
        }
        startConsumer(this::sendWhole);
    }

    /** Stops the utterance (under the session's send lock): nothing of it is sent from now on. */
    void cancel() {
        cancelled = true;
        IncrementalResponse inc = incremental;
        if (inc != null) inc.cancel();
        SpeechResponse w = whole;
        if (w != null) w.cancel();
        Thread c = consumer;
        if (c != null) {
            c.interrupt();
        } else {
            end();
        }
    }

    private void startStreaming() {
        readyNanos = System.nanoTime();
        record = session.newRecord(number, readyNanos);
        try {
            incremental = session.pipeline().openIncremental(settings, new ResponseOptions(record, false, null));
        } catch (HlasException e) {
            throw fail(e);
        }
        incremental.append(text.toString());
        startConsumer(this::sendStreaming);
    }

    private HlasException fail(HlasException e) {
        failed = true;
        if (record != null) session.finishRecord(record, WsMessages.status(e), text.toString());
        record = null;
        end();
        return e;
    }

    private void startConsumer(Runnable body) {
        consumer = Thread.ofVirtual().name("hlas-ws-utterance").unstarted(body);
        if (cancelled) {
            end(); // cancelled meanwhile: the body never runs
            closeResponses();
            return;
        }
        consumer.start();
    }

    /** Waits until the previous utterance has been sent; false when this one was cancelled meanwhile. */
    private boolean awaitPrevious() throws InterruptedException {
        if (previous == null) return !cancelled;
        while (!previous.done.await(10, TimeUnit.MILLISECONDS)) {
            if (cancelled) return false;
            if (previous.cancelled) break;
        }
        return !cancelled;
    }

    private void sendStreaming() {
        IncrementalResponse response = incremental;
        int status = 499;
        long firstAudio = 0;
        try {
            if (!awaitPrevious()) return;
            UtteranceEvent.Sentence pending = null;
            for (UtteranceEvent e = response.next(); e != null; e = response.next()) {
                boolean sent = switch (e) {
                    case UtteranceEvent.Sentence s -> {
                        if (firstAudio == 0) {
                            pending = s;
                            yield true;
                        }
                        yield session.send(this, sentence(s.index(), s.text(), s.spoken(), s.start(), s.end(),
                                s.language(), s.voice()));
                    }
                    case UtteranceEvent.Audio a -> {
                        if (firstAudio == 0) {
                            firstAudio = System.nanoTime();
                            if (!session.send(this, audioStart(firstAudio))) yield false;
                            if (pending != null && !session.send(this, sentence(pending.index(), pending.text(),
                                    pending.spoken(), pending.start(), pending.end(), pending.language(),
                                    pending.voice()))) {
                                yield false;
                            }
                            record.firstByte(firstAudio);
                        }
                        yield session.sendAudio(this, a.bytes(), binary);
                    }
                    case UtteranceEvent.Words w -> !words || session.send(this, words(w.index(), w.words()));
                };
                if (!sent) return;
            }
            if (cancelled) return;
            if (session.send(this, audioEnd(firstAudio, response.audioSeconds(), response.characters(),
                    response.sentences()))) {
                status = 200;
            }
        } catch (HlasException e) {
            status = WsMessages.status(e);
            if (!cancelled) session.sendError(this, e);
        } catch (InterruptedException e) {
            // cancelled
        } finally {
            response.close();
            if (status == 499) record.aborted();
            if (record.isSpeech()) {
                record.speech(record.engine(), record.voice(), record.format(), response.characters());
            }
            session.finishRecord(record, status, text.toString());
            end();
        }
    }

    private void sendWhole() {
        SpeechResponse response = whole;
        int status = 499;
        long firstAudio = 0;
        try {
            if (!awaitPrevious()) return;
            if (response == null) { // nothing speakable
                status = 200;
                session.send(this, audioEnd(0, 0, characters, 0));
                return;
            }
            for (byte[] piece = response.next(); piece != null; piece = response.next()) {
                if (firstAudio == 0) {
                    firstAudio = System.nanoTime();
                    if (!session.send(this, audioStart(firstAudio))) return;
                    for (int i = 0; i < wholePlan.sentences().size(); i++) {
                        PlannedSentence p = wholePlan.sentences().get(i);
                        var s = p.sentence();
                        String input = wholePlan.request().input();
                        if (!session.send(this, sentence(i, input.substring(s.start(), s.end()), s.text(), s.start(),
                                s.end(), s.language(), p.voice().id()))) {
                            return;
                        }
                    }
                    record.firstByte(firstAudio);
                }
                if (!sendWords(response.timings())) return;
                if (!session.sendAudio(this, piece, binary)) return;
            }
            if (!sendWords(response.timings()) || cancelled) return;
            if (session.send(this, audioEnd(firstAudio, response.audioSeconds(), characters,
                    wholePlan.sentences().size()))) {
                status = 200;
            }
        } catch (HlasException e) {
            status = WsMessages.status(e);
            if (!cancelled) session.sendError(this, e);
        } catch (InterruptedException e) {
            // cancelled
        } finally {
            if (response != null) response.close();
            if (record != null) {
                if (status == 499) record.aborted();
                session.finishRecord(record, status, text.toString());
            }
            end();
        }
    }

    /** Sends the {@code words} of the whole response's sentences not yet told (all of them from a cache hit). */
    private boolean sendWords(List<SentenceTiming> timings) {
        if (!words) return true;
        for (; wordsSent < timings.size(); wordsSent++) {
            SentenceTiming t = timings.get(wordsSent);
            if (!session.send(this, words(t.index(), t.words()))) return false;
        }
        return true;
    }

    private void closeResponses() {
        IncrementalResponse inc = incremental;
        if (inc != null) inc.close();
        SpeechResponse w = whole;
        if (w != null) w.close();
        if (record != null) {
            record.aborted();
            session.finishRecord(record, 499, text.toString());
            record = null;
        }
    }

    private void end() {
        done.countDown();
        session.ended(this);
    }

    private String audioStart(long firstAudioNanos) {
        return WsMessages.of("audio_start", "ttfb_ms", millis(firstAudioNanos - readyNanos), "utterance", number);
    }

    private static String sentence(int index, String written, String spoken, int start, int end, String language,
                                   String voice) {
        return WsMessages.of("sentence", "index", index, "text", written, "spoken", spoken, "start", start, "end", end,
                "language", language, "voice", voice);
    }

    /** {@code words}: the same word objects as the captions JSON. */
    private static String words(int index, List<SpokenWord> spoken) {
        return WsMessages.of("words", "index", index, "words", CaptionsJson.words(spoken));
    }

    private String audioEnd(long firstAudioNanos, double audioSeconds, int chars, int sentences) {
        long now = System.nanoTime();
        double totalMs = (now - readyNanos) / 1e6;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("ttfb_ms", firstAudioNanos == 0 ? null : millis(firstAudioNanos - readyNanos));
        stats.put("total_ms", round(totalMs));
        stats.put("audio_s", round(audioSeconds));
        stats.put("rtf", audioSeconds > 0 ? round(totalMs / 1000 / audioSeconds) : null);
        stats.put("characters", chars);
        stats.put("sentences", sentences);
        return WsMessages.of("audio_end", "utterance", number, "stats", stats);
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
