package dev.hlas.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hlas.audio.AudioFormat;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;

import java.util.List;

/**
 * A job's speech settings as stored in its {@code job.json}: every field of the request but its text, so each
 * sentence is spoken exactly as the whole request asked after a restart too.
 */
record JobSettings(String model, String voice, String format, double speed, String instructions,
                   @JsonProperty("sample_rate") Integer sampleRate, Double volume, String language,
                   boolean normalize, @JsonProperty("noise_scale") Double noiseScale,
                   @JsonProperty("noise_w") Double noiseW, @JsonProperty("total_steps") Integer totalSteps,
                   String speaker, List<String> lexicons) {

    static JobSettings of(SpeechRequest r) {
        return new JobSettings(r.model(), r.voice(), r.format().wireName(), r.speed(), r.instructions(),
                r.sampleRate(), r.volume(), r.language(), r.normalize(), r.noiseScale(), r.noiseW(), r.totalSteps(),
                r.speaker(), r.lexicons());
    }

    AudioFormat audioFormat() {
        return AudioFormat.fromWire(format).orElseThrow();
    }

    /**
     * The request one piece of the job is rendered with: raw PCM at the job's rate, plain text, in the language the
     * whole text's analysis gave the sentence (unless the job named one), so a piece sounds as it would have within
     * the whole text.
     */
    SpeechRequest piece(String text, String sentenceLanguage, int rate) {
        String lang = language == null || language.equals("auto") ? sentenceLanguage : language;
        return new SpeechRequest(model, text, voice, AudioFormat.PCM, speed, StreamFormat.AUDIO, instructions, rate,
                volume, lang, normalize, noiseScale, noiseW, totalSteps, speaker, lexicons, "text");
    }
}
