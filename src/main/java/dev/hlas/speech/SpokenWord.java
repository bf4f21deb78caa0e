package dev.hlas.speech;

/**
 * One word of a response as its listener hears it: what the user wrote, how it was read, and when. Every transport
 * that carries word timings (captions, SSE timestamps, WebSocket, the console) carries these.
 *
 * @param word      the original text of the word ({@code 21.}), a slice of the request's input
 * @param spoken    its reading as the voice spoke it ({@code dvacátého prvního})
 * @param start     seconds from the start of the response's audio when it begins
 * @param end       seconds when it ends
 * @param charStart UTF-16 offset of {@code word} in the input
 * @param charEnd   offset just past it
 * @param estimated true when the engine gave no timing of this word of its own (spread by length over a longer
 *                  piece it did time, or over the sentence's audio)
 */
public record SpokenWord(String word, String spoken, double start, double end, int charStart, int charEnd,
                         boolean estimated) {
    public SpokenWord {
        if (word == null || spoken == null) throw new IllegalArgumentException("word and spoken must be set");
        if (!(start >= 0) || !(end >= start)) throw new IllegalArgumentException("bad times " + start + ".." + end);
        if (charStart < 0 || charEnd < charStart) throw new IllegalArgumentException("bad chars " + charStart);
    }
}
