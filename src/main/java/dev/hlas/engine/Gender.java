package dev.hlas.engine;

import java.util.Locale;

/** The perceived gender of a voice, as clients show it when letting a user choose. */
public enum Gender {
    FEMALE, MALE, NEUTRAL, UNKNOWN;

    /** Lower-case name for JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
