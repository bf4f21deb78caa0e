package dev.hlas.jobs;

import java.util.List;

/**
 * What a client is told about a job.
 *
 * @param createdAt       epoch seconds
 * @param finishedAt      epoch seconds, or null while it is not finished
 * @param sentencesDone   sentences rendered and kept on disk
 * @param charactersDone  characters of those sentences
 * @param audioSeconds    seconds of audio rendered so far
 * @param etaSeconds      estimated seconds until the file is complete, from this run's pace; null when unknown
 * @param chapters        the chapters, with where each starts in the file once its sentences are rendered
 * @param error           why it failed, or null
 */
public record JobStatus(String id, JobState state, long createdAt, Long finishedAt, String format, String voice,
                        int sampleRate, long characters, int sentencesTotal, int sentencesDone, long charactersDone,
                        double audioSeconds, Double etaSeconds, List<Chapter> chapters, String error) {

    /**
     * One chapter.
     *
     * @param startSeconds    where it starts in the file; null until all sentences before it are rendered
     * @param durationSeconds its length; null until all its sentences are rendered
     */
    public record Chapter(int index, String title, int sentences, Double startSeconds, Double durationSeconds) {
    }
}
