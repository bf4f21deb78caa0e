package dev.hlas.testing.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.hlas.testing.onnx.OnnxGraph.Attr;

/**
 * A Piper-signature model whose "audio" is its input: inputs {@code input} int64 [1,T], {@code input_lengths} int64
 * [1], {@code scales} float [3]; output {@code output} float [1,1,1,T] holding the phoneme ids as floats (ids below
 * 2^24 are exact). Whoever runs it can read back exactly the ids its front-end produced.
 *
 * <p>The model carries the metadata sherpa-onnx reads to treat a VITS model as a Piper voice ({@code comment=piper},
 * {@code voice} = the espeak-ng voice, sample rate, one speaker), so the same file serves Hlas and sherpa-onnx.
 */
public final class EchoPiperModel {
    private EchoPiperModel() {
    }

    /**
     * @param espeakVoice the espeak-ng voice sherpa-onnx phonemizes with ({@code en-us}, {@code cs})
     * @param language    a language name for the metadata ({@code English}, {@code Czech})
     */
    public static Path write(Path file, String espeakVoice, String language) throws IOException {
        OnnxGraph g = new OnnxGraph("piper-echo");
        g.input("input", OnnxGraph.INT64, 1, "phonemes");
        g.input("input_lengths", OnnxGraph.INT64, 1);
        g.input("scales", OnnxGraph.FLOAT, 3);
        String ids = g.op("Cast", List.of("input"), Attr.i("to", OnnxGraph.FLOAT));
        g.node("Reshape", List.of(ids, g.vector("out_shape", 1, 1, 1, -1)), List.of("output"));
        g.output("output", OnnxGraph.FLOAT, 1, 1, 1, "phonemes");
        g.metadata("model_type", "vits").metadata("comment", "piper").metadata("language", language)
                .metadata("voice", espeakVoice).metadata("has_espeak", "1").metadata("n_speakers", "1")
                .metadata("sample_rate", "22050");
        return g.write(file);
    }
}
