package dev.hlas.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of a batch file as read, before validation.
 *
 * @param line    the line of the file the row starts on (1-based; a CSV header is line 1)
 * @param fields  the row's fields as a speech-request body ({@code id} included), or {@code null} when unreadable
 * @param problem why the row could not be read, or {@code null}
 */
public record BatchRow(int line, ObjectNode fields, String problem) {
    static BatchRow of(int line, ObjectNode fields) {
        return new BatchRow(line, fields, null);
    }

    static BatchRow unreadable(int line, String problem) {
        return new BatchRow(line, null, problem);
    }
}
