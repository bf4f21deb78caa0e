package dev.hlas.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/**
 * A job's {@code job.json}: what was asked, by whom, and where it stands. Rewritten atomically at every change of
 * state; the sentences done are not in it but are the piece files on disk.
 *
 * @param owner      the account that created the job (an API key's label, or {@code client-<address>})
 * @param sampleRate the rate every piece is rendered at and the file is encoded at
 * @param voices     the concrete voices that speak the text, comma-separated (what usage is counted under)
 * @param engines    the engines of those voices, comma-separated
 * @param chapters   the chapters' titles (null entries for untitled ones), in order
 * @param sentences  how many sentences (pieces) the job has
 * @param characters the submitted text's length in code points, all chapters together
 */
record JobFile(String id, String owner, @JsonProperty("created_at") long createdAt, String status,
               JobSettings settings, @JsonProperty("sample_rate") int sampleRate, String voices, String engines,
               List<String> chapters,
               int sentences, long characters, String error, @JsonProperty("finished_at") Long finishedAt) {

    JobState state() {
        return JobState.valueOf(status.toUpperCase(Locale.ROOT));
    }

    JobFile with(JobState state, String newError, Long finished) {
        return new JobFile(id, owner, createdAt, state.wireName(), settings, sampleRate, voices, engines, chapters,
                sentences,
                characters, newError, finished);
    }
}
