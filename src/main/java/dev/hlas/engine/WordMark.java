package dev.hlas.engine;

/**
 * What an engine knows about when part of an utterance is spoken: the audio {@code [startSample, endSample)} of the
 * utterance speaks its text {@code [start, end)}. Samples are at the chunks' native rate, counted from the first
 * sample the engine handed to its sink for this utterance (so silence the engine adds between pieces counts).
 *
 * <p>A mark may cover one word (espeak-ng's word events, Piper's duration output) or a longer piece (a chunk of
 * text an engine synthesized as a whole); the pipeline spreads a mark that covers several words over them by their
 * length and flags those words as estimated.
 *
 * @param start       first char of the piece in the utterance text (UTF-16 index)
 * @param end         just past its last char
 * @param startSample first sample of its audio
 * @param endSample   just past its last sample
 * @param exact       whether the engine measured these bounds (false: it estimated them)
 */
public record WordMark(int start, int end, long startSample, long endSample, boolean exact) {
    public WordMark {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad text range " + start + ".." + end);
        if (startSample < 0 || endSample < startSample) {
            throw new IllegalArgumentException("bad sample range " + startSample + ".." + endSample);
        }
    }
}
