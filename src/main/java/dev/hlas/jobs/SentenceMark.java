package dev.hlas.jobs;

/** Where one rendered sentence of a job is heard in its file (for captions). */
public record SentenceMark(int chapter, String text, double start, double end) {
}
