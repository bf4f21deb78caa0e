package dev.hlas.engine;

/**
 * Builds one engine from its slice of the server configuration and the installed models. Opening is cheap: no model
 * is loaded until a voice is used (or {@link SpeechEngine#preload} asks for it), so commands that only list voices
 * or speak with another engine never pay for this one.
 *
 * @param <S> the engine's settings type (its slice of the configuration)
 */
public interface EngineProvider<S> {
    /** The id of the engines this provider opens ({@code piper}, {@code kokoro}, …). */
    String id();

    /** Opens the engine; it finds its models through {@code models} whenever it needs them. */
    SpeechEngine open(S settings, InstalledModels models);
}
