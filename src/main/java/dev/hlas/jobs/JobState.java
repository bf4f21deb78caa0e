package dev.hlas.jobs;

import java.util.Locale;

/** Where a job is: waiting for a turn, rendering, done (its file is complete), failed, or cancelled. */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
