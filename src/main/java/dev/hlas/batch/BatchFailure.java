package dev.hlas.batch;

/** A row that did not render: its line in the batch file, its id (if any) and why. */
public record BatchFailure(int line, String id, String message) {
    /** One line for the end-of-batch report. */
    public String describe() {
        return "line " + line + (id == null ? "" : " (" + id + ")") + ": " + message;
    }
}
