package dev.hlas.engine.espeak;

import java.util.List;

/**
 * A voice as espeak-ng lists it.
 *
 * @param name       display name ({@code Czech}, {@code English_(America)})
 * @param identifier file name within espeak-ng-data/voices ({@code zlw/cs}, {@code gmw/en-US})
 * @param languages  language codes in priority order ({@code cs}, {@code en-us}, {@code en})
 * @param gender     0 none, 1 male, 2 female
 */
public record EspeakVoiceEntry(String name, String identifier, List<String> languages, int gender) {
}
