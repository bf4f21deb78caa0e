package dev.hlas.batch;

import java.util.List;

/**
 * How a batch went.
 *
 * @param rows         rows read from the batch file
 * @param rendered     rows rendered in this run
 * @param skipped      rows whose output was already there and matched the manifest (or repeated an earlier row)
 * @param failures     rows that did not render, in line order
 * @param audioSeconds seconds of audio rendered in this run (known durations only)
 * @param wallSeconds  the run's wall time
 */
public record BatchSummary(int rows, int rendered, int skipped, List<BatchFailure> failures, double audioSeconds,
                           double wallSeconds) {
    public BatchSummary {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
