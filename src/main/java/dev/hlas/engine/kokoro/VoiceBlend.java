package dev.hlas.engine.kokoro;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.error.HlasException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A voice id that mixes Kokoro voices: {@code af_bella(2)+af_sky(1)} speaks with
 * {@code (2·af_bella + 1·af_sky) / 3} (Kokoro-FastAPI's syntax; a component without a weight counts 1, so
 * {@code af_bella+af_sky} is the even mix hexgrad writes {@code af_bella,af_sky}).
 *
 * @param components the voices and weights, in the order written
 */
public record VoiceBlend(List<Component> components) {
    private static final Pattern COMPONENT = Pattern.compile("\\s*([A-Za-z0-9_.-]+)\\s*(?:\\(\\s*([^)]*?)\\s*\\))?\\s*");

    /**
     * One voice of a blend.
     *
     * @param voice  voice name
     * @param weight relative weight, &gt; 0
     */
    public record Component(String voice, double weight) {
    }

    public VoiceBlend {
        components = List.copyOf(components);
        if (components.isEmpty()) throw new IllegalArgumentException("a blend needs a voice");
    }

    /** Whether {@code id} is written as a blend (has a {@code +} or a weight in parentheses). */
    public static boolean looksLikeBlend(String id) {
        return id.indexOf('+') >= 0 || id.indexOf('(') >= 0;
    }

    /**
     * Parses a blend expression.
     *
     * @return empty when {@code id} is not written as a blend
     * @throws VoiceUnavailable when it is a malformed blend
     */
    public static Optional<VoiceBlend> parse(String id) {
        if (!looksLikeBlend(id)) return Optional.empty();
        List<Component> components = new ArrayList<>();
        for (String part : id.split("\\+", -1)) {
            Matcher m = COMPONENT.matcher(part);
            if (!m.matches()) {
                throw new VoiceUnavailable("Voice blend '" + id + "' is malformed at '" + part.strip()
                        + "'. Write voices joined by '+', each optionally with a weight: af_bella(2)+af_sky(1).");
            }
            double weight = 1.0;
            if (m.group(2) != null) {
                try {
                    weight = Double.parseDouble(m.group(2));
                } catch (NumberFormatException e) {
                    weight = Double.NaN;
                }
                if (!(weight > 0) || Double.isInfinite(weight)) {
                    throw new VoiceUnavailable("Voice blend '" + id + "': the weight of '" + m.group(1)
                            + "' must be a positive number; got '" + m.group(2) + "'.");
                }
            }
            components.add(new Component(m.group(1), weight));
        }
        return Optional.of(new VoiceBlend(components));
    }

    /** The canonical id, e.g. {@code af_bella(2)+af_sky(1)}. */
    public String id() {
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
            if (!sb.isEmpty()) sb.append('+');
            sb.append(c.voice()).append('(').append(formatWeight(c.weight())).append(')');
        }
        return sb.toString();
    }

    private static String formatWeight(double w) {
        return w == Math.rint(w) && Math.abs(w) < 1e9 ? Long.toString((long) w) : String.format(Locale.ROOT, "%s", w);
    }
}
