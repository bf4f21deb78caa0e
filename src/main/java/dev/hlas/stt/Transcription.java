package dev.hlas.stt;

/**
 * A finished transcription with what the request record and metrics need.
 *
 * @param transcript   what was heard
 * @param model        the model that heard it
 * @param audioSeconds seconds of audio in
 * @param decodeNanos  time spent decoding and resampling the upload
 * @param computeNanos time the recognizer took
 */
public record Transcription(Transcript transcript, RecognizerModel model, double audioSeconds, long decodeNanos,
                            long computeNanos) {
    /** Real-time factor of recognition (compute / audio); below 1 is faster than real time. */
    public double realTimeFactor() {
        return audioSeconds <= 0 ? 0 : computeNanos / 1e9 / audioSeconds;
    }
}
