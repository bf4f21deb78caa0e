package dev.hlas.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hlas.response.ResponseInfo;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.SpeechRequest;

import java.io.IOException;
import java.io.OutputStream;

/** Renders rows in-process through the response pipeline every transport uses, cache included. */
public record PipelineRenderer(ResponsePipeline pipeline) implements Renderer {
    @Override
    public Rendered render(ObjectNode body, SpeechRequest request, OutputStream out)
            throws IOException, InterruptedException {
        try (SpeechResponse response = pipeline.open(request, ResponseOptions.defaults())) {
            for (byte[] piece = response.next(); piece != null; piece = response.next()) out.write(piece);
            ResponseInfo info = response.info();
            return new Rendered(String.join(",", info.voices()), String.join(",", info.languages()),
                    response.audioSeconds(), info.characters());
        }
    }
}
