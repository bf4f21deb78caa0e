// Runs the official OpenAI Node SDK (the version pinned in package-lock.json) against a Hlas server and prints one
// JSON object with what the SDK made of each answer. Used by ClientCompatibilityTest; arguments: base URL, API key.
import OpenAI from "openai";
import { readFileSync } from "node:fs";

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const sdkVersion = JSON.parse(readFileSync(new URL("./node_modules/openai/package.json", import.meta.url))).version;
const out = { sdkVersion };

async function attempt(name, run) {
  try {
    out[name] = await run();
  } catch (e) {
    out[name] = { error: e.constructor.name, status: e.status ?? null, param: e.param ?? null,
      code: e.code ?? null, type: e.type ?? null, message: String(e.message ?? e) };
  }
}

await attempt("models", async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  return { ids };
});

await attempt("model", async () => (await client.models.retrieve("tts-1")).id);

for (const format of ["mp3", "wav", "pcm"]) {
  await attempt("speech_" + format, async () => {
    const response = await client.audio.speech.create({
      model: "tts-1", voice: "alloy", input: "Hello from the Node SDK.", response_format: format,
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, contentType: response.headers.get("content-type"),
      length: bytes.length, head: bytes.subarray(0, 4).toString("latin1") };
  });
}

await attempt("sse", async () => {
  const response = await client.audio.speech.create({
    model: "gpt-4o-mini-tts", voice: "alloy", input: "Streamed as events.", response_format: "pcm",
    stream_format: "sse",
  });
  const text = await response.text();
  const events = text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)));
  const audio = events.filter((e) => e.type === "speech.audio.delta").map((e) => Buffer.from(e.audio, "base64"));
  return { contentType: response.headers.get("content-type"), types: [...new Set(events.map((e) => e.type))],
    audioBytes: audio.reduce((n, b) => n + b.length, 0), usage: events.at(-1).usage ?? null };
});

await attempt("bad_speed", async () => {
  await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "x", speed: 9 });
  return "no error";
});

await attempt("wrong_key", async () => {
  const other = new OpenAI({ baseURL, apiKey: "sk-not-a-key", maxRetries: 0 });
  await other.models.list();
  return "no error";
});

process.stdout.write(JSON.stringify(out) + "\n");
