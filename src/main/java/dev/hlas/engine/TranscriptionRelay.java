package dev.hlas.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Speech-to-text requests that other servers answer: the gateway's upstreams with an {@code stt:} section. The HTTP
 * transport hands over a transcription request whose {@code model} an upstream serves, and the relay sends it on
 * (with failover) and passes the upstream's answer back unchanged.
 */
public interface TranscriptionRelay {
    /** No upstream serves speech to text. */
    TranscriptionRelay NONE = new TranscriptionRelay() {
        @Override
        public List<RelayModel> models() {
            return List.of();
        }

        @Override
        public boolean serves(String model) {
            return false;
        }

        @Override
        public void relay(Upload upload, Answer answer) {
            throw new IllegalStateException("no upstream serves speech to text");
        }
    };

    /**
     * A model an upstream serves.
     *
     * @param id    the name a request gives: {@code <upstream>:<model>}, or the plain model name
     * @param owner the upstream's name
     */
    record RelayModel(String id, String owner) {
    }

    /** One plain form field of the request, passed on as it came. */
    record Field(String name, String value) {
    }

    /** Opens the uploaded recording (it is read once, while the relay spools it). */
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * A transcription request to relay.
     *
     * @param path        {@code /v1/audio/transcriptions} or {@code /v1/audio/translations}
     * @param model       the model the request named ({@code gpu:whisper-1} or {@code whisper-1})
     * @param fields      the other form fields, in order, without {@code model} and {@code file}
     * @param filename    the recording's file name as the client sent it (may be null)
     * @param contentType the recording part's content type (may be null)
     * @param content     the recording
     * @param deadlineNanos the request's deadline, a {@link System#nanoTime()} value
     */
    record Upload(String path, String model, List<Field> fields, String filename, String contentType,
                  Content content, long deadlineNanos) {
        public Upload {
            fields = List.copyOf(fields);
        }
    }

    /** Where an upstream's answer goes: the status and headers first, then the body. */
    interface Answer {
        /**
         * Commits the response: {@code upstream} is the name of the upstream that answers.
         *
         * @return the stream the body is written to
         */
        OutputStream start(int status, String contentType, String upstream) throws IOException;
    }

    /** The speech-to-text models the upstreams serve, each as {@code <upstream>:<model>} and by its plain name. */
    List<RelayModel> models();

    /** Whether an upstream serves {@code model} (plain, or as {@code <upstream>:<model>}). */
    boolean serves(String model);

    /**
     * Sends {@code upload} to the upstreams serving its model, in candidate order, until one answers; its answer is
     * passed to {@code answer} as it arrives.
     *
     * @throws dev.hlas.error.HlasException 503 when every candidate failed before answering, 400 when an upstream
     *                                      refused the request itself; after the answer started, an engine failure
     */
    void relay(Upload upload, Answer answer);
}
