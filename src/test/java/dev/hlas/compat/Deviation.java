package dev.hlas.compat;

/**
 * Every difference from OpenAI's own speech API that a client could notice, with why it is so. Listed in
 * docs/COMPATIBILITY.md; a deviation that gets fixed is removed here.
 */
enum Deviation {
    MODEL_ANY("`model`", "Any string is accepted (`kokoro`, `supertonic`, `tts-1` …) and every model speaks with the same "
            + "voices.", "Clients written for other servers send their own model names; refusing them would break "
            + "them for no gain. The lists name `hlas`, `tts-1`, `tts-1-hd` and `gpt-4o-mini-tts`."),
    INSTRUCTIONS("`instructions`", "Accepted (up to 4096 characters) and ignored.",
            "No installed engine can steer its delivery by a text prompt; refusing the field would break LiveKit, "
                    + "Pipecat and `openai_tts`, which send it when configured."),
    SSE_FOR_TTS1("`stream_format: \"sse\"` with `tts-1`", "Served.",
            "OpenAI refuses SSE for `tts-1`/`tts-1-hd`; serving it costs nothing and no client relies on the refusal."),
    OPUS_TYPE("`Content-Type` of `opus`", "`audio/ogg`.",
            "The body is Ogg-encapsulated Opus, whose registered type is `audio/ogg`; browsers, LiveKit and "
                    + "Home Assistant accept it. Clients that pick a file extension from the type name it `.ogg`."),
    EXTRA_FIELDS("Unknown request fields", "Ignored (e.g. Kokoro-FastAPI's `stream`, `lang_code`, "
            + "`return_download_link`).", "What other servers' clients add must not fail the request; Hlas's own "
            + "extensions (`lang`, `sample_rate`, `volume`, …) are validated."),
    VOICES_ROUTE("`GET /v1/audio/voices`, `GET /v1/audio/models`", "Served (OpenAI has no such routes).",
            "Open WebUI, Kokoro-FastAPI and Home Assistant clients read them to fill their voice and model pickers."),
    VOICE_NAMES("`voice`", "Besides OpenAI's 13 names, any installed voice id; an unknown name is a 400 with "
            + "`param: voice` naming it.", "OpenAI also answers 400 for an unknown voice."),
    USAGE("`speech.audio.done` `usage`", "`input_tokens` ≈ characters ÷ 4 and `output_tokens` ≈ 20 per audio "
            + "second.", "Hlas counts characters, not tokens; the estimate keeps clients that read usage working."),
    HEADERS("Response headers", "`X-Request-Id` (which the SDKs read as the request id); no `openai-*` headers; "
            + "extra `X-Voice`, `X-Language`, `X-Sample-Rate`, `X-Cache`, `X-Usage-*`.",
            "No client reads OpenAI's organisation or processing-time headers."),
    ERROR_CODES("Error `code`", "`invalid_api_key` on 401; 429 says `rate_limit_error` with `Retry-After` "
            + "seconds (no `retry-after-ms`); 503 while shutting down.",
            "The SDKs retry 429/503 honouring `Retry-After`; a second-granularity wait is what Hlas can promise."),
    PUBLIC_CATALOG("Lists without a key", "Only with `--public-catalog`: the models and voices lists are read "
            + "without a key; speech still needs one.", "Some Open WebUI versions call the lists without their "
            + "key; with API keys on and the option off they fall back to their built-in lists.");

    final String what;
    final String hlas;
    final String why;

    Deviation(String what, String hlas, String why) {
        this.what = what;
        this.hlas = hlas;
        this.why = why;
    }
}
