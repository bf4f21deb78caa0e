package dev.hlas.batch;

/**
 * One rendered row as {@code manifest.json} describes it.
 *
 * @param id         the row's id, or {@code null} when the file is named by its content key
 * @param file       the output file's name, relative to the output directory
 * @param line       the line of the batch file the row was on
 * @param voice      the voices that spoke, comma-separated
 * @param language   the languages spoken, comma-separated
 * @param duration   seconds of audio, or {@code null} when unknown (a compressed file from a server's cache miss)
 * @param bytes      the file's length
 * @param sha256     the file's SHA-256, hex
 * @param characters the input's length in Unicode code points
 * @param request    the row's content key: a row whose fields changed is rendered again even when its file exists
 */
public record ManifestEntry(String id, String file, int line, String voice, String language, Double duration,
                            long bytes, String sha256, int characters, String request) {
}
