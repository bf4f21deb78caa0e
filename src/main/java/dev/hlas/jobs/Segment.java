package dev.hlas.jobs;

/**
 * One sentence of a job: the piece of the user's text it covers, the chapter it belongs to and the language the
 * analysis of the whole text gave it.
 */
record Segment(int chapter, String text, String language) {
    int characters() {
        return text.codePointCount(0, text.length());
    }
}
