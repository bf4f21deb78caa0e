package dev.hlas.compat;

import java.util.Map;

/**
 * The clients whose requests the compatibility suite replays: which version of their source was read (repository,
 * path and commit or release), and, for features a client uses that Hlas does not serve, why not. A feature that is
 * neither proved by a test nor listed as a gap is one the client does not use.
 */
public enum Client {
    OPEN_WEBUI("Open WebUI", "main @ 01fb3e46",
            "open-webui/open-webui `backend/open_webui/routers/audio.py` (TTS engine \"openai\", custom base URL)",
            Map.of(Feature.STT, "Hlas has no `/v1/audio/transcriptions`; point Open WebUI's STT at a Whisper server")),
    HA_OPENAI_TTS("Home Assistant `openai_tts`", "3.7 @ 5c8b3beb",
            "sfortis/openai_tts `custom_components/openai_tts/openaitts_engine.py`", Map.of()),
    HA_STRING_VOICES("Home Assistant Kokoro-style integrations", "config flow read from a public copy",
            "a `custom_components/*/config_flow.py` that keeps only the string entries of `voices`",
            Map.of(Feature.VOICES, "it calls `/v1/audio/voices` without `?legacy=true` and drops objects, so its "
                    + "dropdown stays empty and the voice is typed in (a free-text field it falls back to); "
                    + "`?legacy=true` serves the strings to integrations that ask for them")),
    LIVEKIT("LiveKit Agents OpenAI TTS plugin", "livekit-plugins-openai 1.7.0 @ da6af86a",
            "livekit/agents `livekit-plugins/livekit-plugins-openai/livekit/plugins/openai/tts.py`", Map.of()),
    PIPECAT("Pipecat `OpenAITTSService`", "1.7.0+ @ acead050",
            "pipecat-ai/pipecat `src/pipecat/services/openai/tts.py`", Map.of()),
    SILLYTAVERN("SillyTavern (OpenAI Compatible TTS)", "1.12.6 @ ba6f7b7a",
            "SillyTavern/SillyTavern `public/scripts/extensions/tts/openai-compatible.js`, `src/endpoints/openai.js`",
            Map.of()),
    GENERIC_HTTP("n8n HTTP Request node / curl", "any",
            "a plain HTTP POST with a JSON body, as the README's curl example and n8n's HTTP Request node send it",
            Map.of()),
    OPENAI_PYTHON("OpenAI Python SDK (request shapes replayed)", "1.x / 2.x",
            "openai/openai-python `src/openai/resources/audio/speech.py`", Map.of()),
    OPENAI_NODE("OpenAI Node SDK (run)", "openai 6.49.0 (npm, lock file)",
            "src/test/node-sdk/replay.mjs runs the real SDK", Map.of()),
    OPENAI_JAVA("OpenAI Java SDK (run)", "openai-java 4.101.0",
            "the test dependency in pom.xml", Map.of()),
    KOKORO_FASTAPI("Kokoro-FastAPI clients", "0.8.1-rc1 @ 26eec068",
            "remsky/Kokoro-FastAPI `api/src/routers/openai_compatible.py` (the routes its clients call)", Map.of()),
    SUPERTONIC_SERVER("supertonic-server clients", "FastAPI router read from a public copy",
            "a supertonic-server `routers/openai_compatible.py` (speech with `stream`, `lang_code`, `total_steps`; "
                    + "voices with `name`)", Map.of());

    final String title;
    final String version;
    final String source;
    final Map<Feature, String> gaps;

    Client(String title, String version, String source, Map<Feature, String> gaps) {
        this.title = title;
        this.version = version;
        this.source = source;
        this.gaps = gaps;
    }
}
