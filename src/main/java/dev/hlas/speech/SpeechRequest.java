package dev.hlas.speech;

import dev.hlas.audio.AudioFormat;
import dev.hlas.engine.SynthesisParams;

import java.util.List;

/**
 * A validated speech request, whatever transport it came from. Extension fields are null when not given.
 *
 * @param model        the requested model name (OpenAI names are aliases of the default)
 * @param input        text to speak
 * @param voice        voice id or alias
 * @param format       output container/codec
 * @param speed        0.25–4.0
 * @param streamFormat raw audio or SSE
 * @param instructions style prompt (used where an engine can)
 * @param sampleRate   requested output rate in Hz, or null for the format's default
 * @param volume       linear gain, or null
 * @param language     language to read the input in, or null/{@code auto} to detect
 * @param normalize    whether to expand numbers, dates, abbreviations before synthesis
 * @param noiseScale   Piper noise scale, or null
 * @param noiseW       Piper duration noise, or null
 * @param totalSteps   Supertonic steps, or null
 * @param speaker      speaker of a multi-speaker voice, or null
 * @param lexicons     names of the pronunciation lexicons to apply, or null for the server's default lexicons
 * @param inputFormat  {@code text} or {@code ssml}, or null: SSML when the input starts with {@code <speak>}
 */
public record SpeechRequest(String model, String input, String voice, AudioFormat format, double speed,
                            StreamFormat streamFormat, String instructions, Integer sampleRate, Double volume,
                            String language, boolean normalize, Double noiseScale, Double noiseW, Integer totalSteps,
                            String speaker, List<String> lexicons, String inputFormat) {
    public SpeechRequest {
        lexicons = lexicons == null ? null : List.copyOf(lexicons);
    }

    /** A request without lexicons named (the server's defaults apply) and with the input format detected. */
    public SpeechRequest(String model, String input, String voice, AudioFormat format, double speed,
                         StreamFormat streamFormat, String instructions, Integer sampleRate, Double volume,
                         String language, boolean normalize, Double noiseScale, Double noiseW, Integer totalSteps,
                         String speaker) {
        this(model, input, voice, format, speed, streamFormat, instructions, sampleRate, volume, language, normalize,
                noiseScale, noiseW, totalSteps, speaker, null, null);
    }

    /** A request with OpenAI's defaults for everything but the text, voice and format. */
    public static SpeechRequest of(String input, String voice, AudioFormat format) {
        return new SpeechRequest("tts-1", input, voice, format, 1.0, StreamFormat.AUDIO, null, null, null, null,
                true, null, null, null, null);
    }

    /** The same request with another input (a piece of a text that arrives incrementally). */
    public SpeechRequest withInput(String text) {
        return new SpeechRequest(model, text, voice, format, speed, streamFormat, instructions, sampleRate, volume,
                language, normalize, noiseScale, noiseW, totalSteps, speaker, lexicons, inputFormat);
    }

    /**
     * The same request with a short input to plan before the real text is known (checking the voice and the engine
     * options): SSML when the request reads its input as SSML.
     */
    public SpeechRequest probe() {
        return withInput("ssml".equals(inputFormat) ? "<speak>Ok.</speak>" : "Ok.");
    }

    /** The per-request settings engines see. */
    public SynthesisParams synthesisParams() {
        return new SynthesisParams(speed, noiseScale, noiseW, totalSteps, speaker);
    }
}
