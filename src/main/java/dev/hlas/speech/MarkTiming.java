package dev.hlas.speech;

/**
 * When an SSML {@code <mark name>} is reached in a response's audio.
 *
 * @param name       the mark's name
 * @param time       seconds from the start of the response's audio: the start of the first word after the mark in
 *                   its sentence, else the end of the last word before it (else the sentence's start)
 * @param charOffset UTF-16 offset in the request's input of the text that follows the mark (the input's length for
 *                   a mark at the very end)
 * @param sentence   0-based index of the sentence the mark belongs to
 */
public record MarkTiming(String name, double time, int charOffset, int sentence) {
    public MarkTiming {
        if (name == null) throw new IllegalArgumentException("a mark needs a name");
        if (!(time >= 0)) throw new IllegalArgumentException("bad time " + time);
    }
}
