package dev.hlas.jobs;

/**
 * One chapter of a job as submitted.
 *
 * @param title the chapter's title (shown in the status and the captions), or null
 * @param input the text to speak
 */
public record ChapterText(String title, String input) {
}
