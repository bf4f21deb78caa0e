// Hlas web console: speak, see what will be read, watch the server. Plain JS, no framework, nothing fetched from
// other hosts. Talks to the same server's API: /v1/audio/speech, /v1/text/analyze, /v1/audio/voices,
// /v1/console/voices, /v1/admin/voices/{id}/pull, /metrics/summary, /metrics/recent.
'use strict';

const $ = (id) => document.getElementById(id);
const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer',
  'verse', 'marin', 'cedar'];
const MIME = { mp3: 'audio/mpeg', opus: 'audio/ogg', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav',
  pcm: 'audio/pcm' };
const languageNames = (() => {
  try { return new Intl.DisplayNames([navigator.language || 'en', 'en'], { type: 'language' }); } catch { return null; }
})();
const state = { voices: [], view: 'console', paused: false, abort: null, audioUrl: null, pcmContext: null };

// ---- API access (API key kept in sessionStorage only) ----
function apiKey() { return sessionStorage.getItem('hlas.key') || ''; }
function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (apiKey()) h.Authorization = 'Bearer ' + apiKey();
  return h;
}
async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const response = await fetch(path, opts);
  if (response.status === 401) { askForKey(); throw new Error('An API key is needed.'); }
  return response;
}
async function apiJson(path, options) {
  const response = await api(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error && body.error.message) || ('HTTP ' + response.status));
  return body;
}
function askForKey() {
  $('key-button').hidden = false;
  const dialog = $('key-dialog');
  if (!dialog.open) dialog.showModal();
}
$('key-button').addEventListener('click', askForKey);
$('key-form').addEventListener('submit', () => {
  sessionStorage.setItem('hlas.key', $('key-input').value.trim());
  $('key-input').value = '';
  loadVoices();
  analyzeSoon();
});

// ---- theme and view, persisted ----
function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('hlas.theme', theme);
  const light = theme === 'light';
  $('theme').textContent = light ? '☾' : '☀';
  $('theme').setAttribute('aria-label', light ? 'Switch to the dark theme' : 'Switch to the light theme');
}
$('theme').addEventListener('click', () =>
  setTheme(document.documentElement.dataset.theme === 'light' ? 'dark' : 'light'));

function showView(view) {
  state.view = view;
  localStorage.setItem('hlas.view', view);
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const on = tab.dataset.view === view;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $('view-' + tab.dataset.view).hidden = !on;
  }
  if (view === 'observatory') poll();
  if (view === 'voices') loadStore();
}
for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => showView(tab.dataset.view));
  tab.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const next = tabs[(tabs.indexOf(tab) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    showView(next.dataset.view);
  });
}

// ---- voices and languages ----
function langName(code) {
  if (!code) return '';
  try { return (languageNames && languageNames.of(code)) || code; } catch { return code; }
}
async function loadVoices() {
  let body;
  try { body = await apiJson('/v1/audio/voices'); } catch (e) { setStatus(e.message); return; }
  state.voices = body.voices || [];
  const select = $('voice');
  const previous = select.value || localStorage.getItem('hlas.voice') || 'alloy';
  select.textContent = '';
  const openai = group(select, 'OpenAI voice names (best installed voice per language)');
  const aliases = new Set(state.voices.filter((v) => v.type === 'alias').map((v) => v.id));
  for (const name of OPENAI_VOICES) {
    if (aliases.size && !aliases.has(name)) continue;
    option(openai, name, name);
  }
  const byGroup = new Map();
  const languages = new Set();
  for (const v of state.voices) {
    if (v.type !== 'voice') continue;
    for (const l of v.languages || [v.language]) languages.add(baseLanguage(l));
    const key = langName(baseLanguage(v.language)) + ' · ' + v.engine;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key).push(v);
  }
  for (const key of [...byGroup.keys()].sort()) {
    const og = group(select, key);
    for (const v of byGroup.get(key)) {
      const o = option(og, v.id, v.id + (v.licence ? ' — ' + v.licence : ''));
      o.dataset.engine = v.engine;
    }
  }
  select.value = [...select.options].some((o) => o.value === previous) ? previous : 'alloy';
  const lang = $('lang');
  const chosen = lang.value;
  lang.textContent = '';
  option(lang, 'auto', 'Auto-detect');
  for (const l of [...languages].sort((a, b) => langName(a).localeCompare(langName(b)))) {
    option(lang, l, langName(l) + ' (' + l + ')');
  }
  lang.value = [...lang.options].some((o) => o.value === chosen) ? chosen : 'auto';
  voiceChanged();
}
function baseLanguage(code) { return (code || '').split(/[-_]/)[0].toLowerCase(); }
function group(select, label) {
  const og = document.createElement('optgroup');
  og.label = label;
  select.append(og);
  return og;
}
function option(parent, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  parent.append(o);
  return o;
}
function currentVoice() { return $('voice-custom').value.trim() || $('voice').value || 'alloy'; }
function isSupertonic() {
  const custom = $('voice-custom').value.trim();
  if (custom) return custom.startsWith('supertonic');
  const o = $('voice').selectedOptions[0];
  return !!o && (o.dataset.engine === 'supertonic' || o.value.startsWith('supertonic'));
}
function voiceChanged() {
  $('steps-field').hidden = !isSupertonic();
  localStorage.setItem('hlas.voice', $('voice').value);
  updateCode();
  analyzeSoon();
}
$('voice').addEventListener('change', voiceChanged);
$('voice-custom').addEventListener('input', voiceChanged);
$('lang').addEventListener('change', () => { updateCode(); analyzeSoon(); });
$('format').addEventListener('change', updateCode);
$('speed').addEventListener('input', () => { $('speed-out').textContent = Number($('speed').value).toFixed(2) + '×'; updateCode(); });
$('steps').addEventListener('input', () => { $('steps-out').textContent = $('steps').value; updateCode(); });
$('text').addEventListener('input', () => { updateCode(); analyzeSoon(); });

function requestBody() {
  const body = { model: 'tts-1', input: $('text').value, voice: currentVoice(), response_format: $('format').value };
  const speed = Number($('speed').value);
  if (speed !== 1) body.speed = speed;
  if ($('lang').value !== 'auto') body.language = $('lang').value;
  if (isSupertonic()) body.total_steps = Number($('steps').value);
  return body;
}

// ---- "What will be read" ----
let analyzeTimer = 0;
let analyzeSeq = 0;
function analyzeSoon() {
  clearTimeout(analyzeTimer);
  analyzeTimer = setTimeout(analyze, 250);
}
async function analyze() {
  const text = $('text').value;
  const list = $('analysis');
  if (!text.trim()) { list.textContent = ''; return; }
  const seq = ++analyzeSeq;
  const body = { input: text, voice: currentVoice() };
  if ($('lang').value !== 'auto') body.language = $('lang').value;
  let result;
  try {
    result = await apiJson('/v1/text/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) });
  } catch (e) {
    if (seq !== analyzeSeq) return;
    list.textContent = '';
    const li = document.createElement('li');
    li.textContent = e.message;
    list.append(li);
    return;
  }
  if (seq !== analyzeSeq) return;
  list.textContent = '';
  for (const s of result.sentences || []) {
    const li = document.createElement('li');
    li.className = 'sentence';
    const reading = document.createElement('div');
    reading.className = 'reading';
    reading.textContent = s.text;
    const original = document.createElement('div');
    original.className = 'original';
    original.textContent = s.original;
    const tags = document.createElement('div');
    tags.append(tag(langName(s.language) + ' (' + s.language + ')'), tag(s.voice));
    li.append(reading, original, tags);
    list.append(li);
  }
}
function tag(text) {
  const span = document.createElement('span');
  span.className = 'tag';
  span.textContent = text;
  return span;
}

// ---- speaking ----
function setStatus(text) { $('status').textContent = text; }
function fmtBytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(2) + ' MiB';
}
$('speak-form').addEventListener('submit', (e) => { e.preventDefault(); speak(); });
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); speak(); }
});
$('stop').addEventListener('click', stopAll);

function stopAll() {
  if (state.abort) state.abort.abort();
  state.abort = null;
  if (state.pcmContext) { state.pcmContext.close().catch(() => {}); state.pcmContext = null; }
  $('audio').pause();
}

async function speak() {
  stopAll();
  const body = requestBody();
  if (!body.input.trim()) { setStatus('Type something to speak.'); return; }
  const format = body.response_format;
  const controller = new AbortController();
  state.abort = controller;
  const audio = $('audio');
  audio.removeAttribute('src');
  audio.load();
  if (state.audioUrl) URL.revokeObjectURL(state.audioUrl);
  state.audioUrl = null;
  const download = $('download');
  download.classList.add('disabled');
  download.setAttribute('aria-disabled', 'true');
  $('speak').disabled = true;
  $('stop').disabled = false;
  $('ttfb').textContent = '…';
  $('bytes').textContent = '0 B';
  $('audio-seconds').textContent = '–';
  audio.dataset.state = 'loading';
  setStatus('Synthesizing…');
  const started = performance.now();
  // Following the words: the same request as server-sent events with each sentence's word times before its audio.
  const follow = $('follow').checked;
  const sent = follow ? Object.assign({}, body, { stream_format: 'sse', timestamps: 'word' }) : body;
  readAlong.reset(follow ? body.input : null);
  try {
    const response = await api('/v1/audio/speech', { method: 'POST', signal: controller.signal,
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sent) });
    if (!response.ok) {
      const err = await response.json().catch(() => ({}));
      throw new Error((err.error && err.error.message) || ('HTTP ' + response.status));
    }
    const rate = Number(response.headers.get('X-Sample-Rate')) || 24000;
    const sink = format === 'pcm' ? pcmSink(rate)
      : format === 'mp3' && window.MediaSource && MediaSource.isTypeSupported('audio/mpeg') ? mseSink(audio)
        : null;
    const chunks = [];
    let received = 0;
    for await (const value of follow ? sseAudio(response, (words) => readAlong.add(words)) : bodyChunks(response)) {
      if (received === 0) $('ttfb').textContent = Math.round(performance.now() - started) + ' ms';
      received += value.byteLength;
      chunks.push(value);
      $('bytes').textContent = fmtBytes(received);
      if (format === 'pcm') $('audio-seconds').textContent = (received / 2 / rate).toFixed(2) + ' s';
      if (format === 'wav') $('audio-seconds').textContent = (Math.max(0, received - 44) / 2 / rate).toFixed(2) + ' s';
      if (sink) sink.push(value);
    }
    const blob = new Blob(chunks, { type: MIME[format] });
    if (sink) await sink.end();
    const playable = format === 'pcm' ? wavFromPcm(await blob.arrayBuffer(), rate) : blob;
    state.audioUrl = URL.createObjectURL(playable);
    if (!sink || format === 'pcm') {
      audio.src = state.audioUrl;
      if (format !== 'pcm') audio.play().catch(() => {});
    }
    download.href = URL.createObjectURL(blob);
    download.download = 'speech.' + format;
    download.classList.remove('disabled');
    download.removeAttribute('aria-disabled');
    await whenDurationKnown(audio);
    audio.dataset.state = 'ready';
    $('audio-seconds').textContent = audio.duration.toFixed(2) + ' s';
    setStatus('Done: ' + fmtBytes(received) + ' in ' + Math.round(performance.now() - started) + ' ms.');
    drawWave(playable).catch(() => {});
  } catch (e) {
    audio.dataset.state = 'failed';
    setStatus(e.name === 'AbortError' ? 'Stopped.' : 'Failed: ' + e.message);
  } finally {
    $('speak').disabled = false;
    $('stop').disabled = true;
    if (state.abort === controller) state.abort = null;
  }
}

// The plain audio stream, chunk by chunk.
async function* bodyChunks(response) {
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

// Server-sent events (stream_format "sse"): yields the audio of each speech.audio.delta, hands the words of each
// speech.audio.timestamps event (which comes before its sentence's audio) to onWords, throws on an error event.
async function* sseAudio(response, onWords) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    text += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let cut;
    while ((cut = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, cut);
      text = text.slice(cut + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
      if (!data) continue;
      const event = JSON.parse(data);
      if (event.type === 'speech.audio.delta') {
        yield Uint8Array.from(atob(event.audio), (c) => c.charCodeAt(0));
      } else if (event.type === 'speech.audio.timestamps') {
        onWords(event.words || []);
      } else if (event.type === 'error') {
        const e = event.error || {};
        throw new Error(e.message || (e.error && e.error.message) || 'The stream failed.');
      }
    }
    if (done) return;
  }
}

// ---- read-along: the text as sent, the word being heard marked ----
// Word objects are those of /v1/audio/captions: char_start/char_end index the input (JavaScript string indices),
// start/end are seconds of the audio. The position is the player's (or, for pcm while it streams, Web Audio's).
const readAlong = {
  input: '',
  words: [],
  spans: [],
  current: -1,
  reset(input) {
    this.input = input || '';
    this.words = [];
    this.current = -1;
    this.render();
    $('read-along').hidden = !input;
  },
  add(words) {
    this.words.push(...words);
    this.render();
  },
  render() {
    const el = $('read-along');
    el.textContent = '';
    this.spans = [];
    let at = 0;
    this.words.forEach((w, i) => {
      if (w.char_start < at) { this.spans.push(null); return; }
      el.append(this.input.slice(at, w.char_start));
      const span = document.createElement('span');
      span.className = 'word';
      span.dataset.index = String(i);
      span.textContent = this.input.slice(w.char_start, w.char_end);
      el.append(span);
      this.spans.push(span);
      at = w.char_end;
    });
    el.append(this.input.slice(at));
    const now = this.spans[this.current];
    if (now) now.classList.add('now');
  },
  show(t) {
    let k = -1;
    if (t !== null) {
      for (let i = 0; i < this.words.length && this.words[i].start <= t; i++) {
        if (t < this.words[i].end) k = i;
      }
    }
    if (k === this.current) return;
    const before = this.spans[this.current];
    if (before) before.classList.remove('now');
    this.current = k;
    const now = this.spans[k];
    if (now) now.classList.add('now');
  },
};
function playbackPosition() {
  const pcm = state.pcmPlayback;
  if (pcm && state.pcmContext === pcm.context && pcm.context.currentTime < pcm.end) {
    return Math.max(0, pcm.context.currentTime - pcm.start);
  }
  const audio = $('audio');
  if (!audio.currentSrc || (audio.paused && audio.currentTime === 0)) return null;
  return audio.currentTime;
}
(function follow() {
  if (readAlong.words.length) readAlong.show(playbackPosition());
  requestAnimationFrame(follow);
})();

function whenDurationKnown(audio) {
  return new Promise((resolve) => {
    const ok = () => Number.isFinite(audio.duration) && audio.duration > 0;
    if (ok()) { resolve(); return; }
    const check = () => { if (ok()) { cleanup(); resolve(); } };
    const cleanup = () => { for (const ev of ['loadedmetadata', 'durationchange', 'canplay', 'error']) audio.removeEventListener(ev, check); clearTimeout(t); };
    for (const ev of ['loadedmetadata', 'durationchange', 'canplay']) audio.addEventListener(ev, check);
    audio.addEventListener('error', () => { cleanup(); resolve(); }, { once: true });
    const t = setTimeout(() => { cleanup(); resolve(); }, 10000);
  });
}

// mp3 streamed into the audio element through MediaSource: playback starts with the first chunk.
function mseSink(audio) {
  const source = new MediaSource();
  const url = URL.createObjectURL(source);
  audio.src = url;
  const queue = [];
  let buffer = null;
  let ending = false;
  let finished;
  const finishedPromise = new Promise((resolve) => { finished = resolve; });
  const pump = () => {
    if (!buffer || buffer.updating) return;
    if (queue.length) { buffer.appendBuffer(queue.shift()); return; }
    if (ending && source.readyState === 'open') { source.endOfStream(); finished(); }
  };
  source.addEventListener('sourceopen', () => {
    buffer = source.addSourceBuffer('audio/mpeg');
    buffer.addEventListener('updateend', pump);
    pump();
  }, { once: true });
  let playing = false;
  return {
    push(chunk) {
      queue.push(chunk);
      pump();
      if (!playing) { playing = true; audio.play().catch(() => {}); }
    },
    end() { ending = true; pump(); return finishedPromise; },
  };
}

// pcm played through Web Audio as it arrives: 16-bit little-endian mono at the X-Sample-Rate.
function pcmSink(rate) {
  const context = new AudioContext();
  state.pcmContext = context;
  let next = context.currentTime + 0.05;
  const playback = { context, start: next, end: next };
  state.pcmPlayback = playback;
  let carry = null;
  return {
    push(chunk) {
      let bytes = chunk;
      if (carry) { bytes = new Uint8Array(carry.length + chunk.length); bytes.set(carry); bytes.set(chunk, carry.length); carry = null; }
      const even = bytes.length - (bytes.length % 2);
      if (even < bytes.length) carry = bytes.slice(even);
      if (!even) return;
      const view = new DataView(bytes.buffer, bytes.byteOffset, even);
      const samples = new Float32Array(even / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true) / 32768;
      const buffer = context.createBuffer(1, samples.length, rate);
      buffer.copyToChannel(samples, 0);
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(context.destination);
      if (context.currentTime > next) playback.start += context.currentTime - next; // ran dry: the audio waited
      next = Math.max(next, context.currentTime);
      node.start(next);
      next += buffer.duration;
      playback.end = next;
      $('audio').dataset.webAudio = 'playing';
    },
    end() { return Promise.resolve(); },
  };
}

function wavFromPcm(pcm, rate) {
  const header = new DataView(new ArrayBuffer(44));
  const text = (offset, s) => { for (let i = 0; i < s.length; i++) header.setUint8(offset + i, s.charCodeAt(i)); };
  text(0, 'RIFF'); header.setUint32(4, 36 + pcm.byteLength, true); text(8, 'WAVE'); text(12, 'fmt ');
  header.setUint32(16, 16, true); header.setUint16(20, 1, true); header.setUint16(22, 1, true);
  header.setUint32(24, rate, true); header.setUint32(28, rate * 2, true); header.setUint16(32, 2, true);
  header.setUint16(34, 16, true); text(36, 'data'); header.setUint32(40, pcm.byteLength, true);
  return new Blob([header.buffer, pcm], { type: 'audio/wav' });
}

async function drawWave(blob) {
  const canvas = $('wave');
  const context = new OfflineAudioContext(1, 1, 44100);
  const decoded = await context.decodeAudioData(await blob.arrayBuffer());
  const data = decoded.getChannelData(0);
  const width = canvas.width = canvas.clientWidth * (window.devicePixelRatio || 1);
  const height = canvas.height = 80 * (window.devicePixelRatio || 1);
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, width, height);
  g.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--accent');
  const step = Math.max(1, Math.floor(data.length / width));
  for (let x = 0; x < width; x++) {
    let min = 1, max = -1;
    for (let i = x * step; i < Math.min(data.length, (x + 1) * step); i++) {
      if (data[i] < min) min = data[i];
      if (data[i] > max) max = data[i];
    }
    if (min > max) break;
    g.fillRect(x, (1 - max) * height / 2, 1, Math.max(1, (max - min) * height / 2));
  }
  canvas.dataset.drawn = 'true';
}

// ---- code snippets ----
/** The WebSocket config message for these settings: pcm at 24 kHz, the rest as in the HTTP body. */
function wsConfig(b) {
  const c = Object.fromEntries(Object.entries(b).filter(([k]) => !['model', 'input', 'response_format'].includes(k)));
  c.response_format = 'pcm';
  return c;
}

function updateCode() {
  const b = requestBody();
  const base = location.origin;
  const key = apiKey() ? '$HLAS_API_KEY' : 'unused';
  const input = JSON.stringify(b.input);
  const extras = Object.entries(b).filter(([k]) => !['model', 'input', 'voice', 'response_format'].includes(k));
  const py = extras.map(([k, v]) => k === 'speed' ? `    speed=${v},\n` : '').join('')
    + (extras.some(([k]) => k !== 'speed') ? `    extra_body=${JSON.stringify(Object.fromEntries(extras.filter(([k]) => k !== 'speed')))},\n` : '');
  const js = extras.map(([k, v]) => `  ${k}: ${JSON.stringify(v)},\n`).join('');
  const snippets = {
    curl: `curl ${base}/v1/audio/speech \\\n  -H "Content-Type: application/json" \\\n`
      + (apiKey() ? '  -H "Authorization: Bearer $HLAS_API_KEY" \\\n' : '')
      + `  -d '${JSON.stringify(b).replace(/'/g, "'\\''")}' \\\n  -o speech.${b.response_format}`,
    python: `from openai import OpenAI\n\nclient = OpenAI(base_url="${base}/v1", api_key="${key}")\n`
      + `with client.audio.speech.with_streaming_response.create(\n    model="tts-1",\n    voice=${JSON.stringify(b.voice)},\n`
      + `    input=${input},\n    response_format="${b.response_format}",\n${py}) as response:\n`
      + `    response.stream_to_file("speech.${b.response_format}")`,
    javascript: `import OpenAI from "openai";\nimport fs from "node:fs";\n\n`
      + `const client = new OpenAI({ baseURL: "${base}/v1", apiKey: "${key}" });\n`
      + `const response = await client.audio.speech.create({\n  model: "tts-1",\n  voice: ${JSON.stringify(b.voice)},\n`
      + `  input: ${input},\n  response_format: "${b.response_format}",\n${js}});\n`
      + `fs.writeFileSync("speech.${b.response_format}", Buffer.from(await response.arrayBuffer()));`,
    java: `OpenAIClient client = OpenAIOkHttpClient.builder()\n    .baseUrl("${base}/v1").apiKey("${key}").build();\n`
      + `SpeechCreateParams params = SpeechCreateParams.builder()\n    .model("tts-1")\n    .voice(${JSON.stringify(b.voice)})\n`
      + `    .input(${input})\n    .responseFormat(SpeechCreateParams.ResponseFormat.${b.response_format.toUpperCase()})\n`
      + (b.speed ? `    .speed(${b.speed})\n` : '')
      + extras.filter(([k]) => k !== 'speed').map(([k, v]) => `    .putAdditionalBodyProperty("${k}", JsonValue.from(${JSON.stringify(v)}))\n`).join('')
      + `    .build();\ntry (HttpResponse response = client.audio().speech().create(params)) {\n`
      + `    Files.copy(response.body(), Path.of("speech.${b.response_format}"));\n}`,
    pipecat: `from pipecat.services.openai.tts import OpenAITTSService\n\n`
      + `tts = OpenAITTSService(\n    base_url="${base}/v1",\n    api_key="${key}",\n    voice=${JSON.stringify(b.voice)},\n`
      + `    model="tts-1",\n    sample_rate=24000,  # Hlas streams 24 kHz pcm like OpenAI\n)`,
    websocket: `// WS /v1/audio/speech/stream (docs/websocket.md): text in, pcm audio out, sentence by sentence\n`
      + `const ws = new WebSocket("${base.replace(/^http/, 'ws')}/v1/audio/speech/stream"`
      + (apiKey() ? `,\n  ["hlas", "openai-insecure-api-key." + HLAS_API_KEY]);\n` : `);\n`)
      + `const pcm = [];\n`
      + `ws.onopen = () => {\n`
      + `  ws.send(JSON.stringify(${JSON.stringify(Object.assign({ type: 'config' }, wsConfig(b)))}));\n`
      + `  ws.send(JSON.stringify({ type: "text", text: ${input} }));  // or many deltas, as they arrive\n`
      + `  ws.send(JSON.stringify({ type: "flush" }));\n};\n`
      + `ws.onmessage = async (e) => {\n  const msg = JSON.parse(e.data);\n`
      + `  if (msg.type === "audio") pcm.push(Uint8Array.from(atob(msg.chunk), (c) => c.charCodeAt(0)));\n`
      + `  else if (msg.type === "error") console.error(msg);\n`
      + `  else if (msg.type === "audio_end") {  // s16le mono at 24 kHz: play it\n`
      + `    const bytes = new Uint8Array(pcm.reduce((n, c) => n + c.length, 0));\n`
      + `    let at = 0; for (const c of pcm) { bytes.set(c, at); at += c.length; }\n`
      + `    const samples = new Int16Array(bytes.buffer, 0, bytes.length >> 1);\n`
      + `    const audio = new AudioContext();\n`
      + `    const buffer = audio.createBuffer(1, samples.length, 24000);\n`
      + `    buffer.getChannelData(0).set(Float32Array.from(samples, (v) => v / 32768));\n`
      + `    const source = audio.createBufferSource();\n`
      + `    source.buffer = buffer; source.connect(audio.destination); source.start();\n`
      + `    ws.close();\n  }\n};`,
    livekit: `from livekit.plugins import openai\n\n`
      + `tts = openai.TTS(\n    base_url="${base}/v1",\n    api_key="${key}",\n    model="tts-1",\n`
      + `    voice=${JSON.stringify(b.voice)},\n` + (b.speed ? `    speed=${b.speed},\n` : '') + `)`,
  };
  $('code').textContent = snippets[$('code-lang').value];
}
$('code-lang').addEventListener('change', updateCode);
$('copy').addEventListener('click', () => {
  if (navigator.clipboard) navigator.clipboard.writeText($('code').textContent).then(() => setStatus('Copied.'), () => {});
});

// ---- observatory ----
let pollTimer = 0;
$('pause').addEventListener('click', () => {
  state.paused = !state.paused;
  $('pause').textContent = state.paused ? 'Resume' : 'Pause';
  $('pause').setAttribute('aria-pressed', state.paused ? 'true' : 'false');
  if (!state.paused) poll();
});
async function poll() {
  clearTimeout(pollTimer);
  if (state.view !== 'observatory' || state.paused) return;
  try {
    const [summary, recent] = await Promise.all([apiJson('/metrics/summary'), apiJson('/metrics/recent?limit=50')]);
    renderSummary(summary);
    renderRecent(recent.data || []);
    $('obs-status').textContent = 'Updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    $('obs-status').textContent = e.message;
  }
  pollTimer = setTimeout(poll, 1000);
}
function num(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }
function renderSummary(s) {
  $('active').textContent = s.active_syntheses;
  $('total-requests').textContent = s.total_requests;
  $('rps').textContent = num(s.requests_per_second_1m, 2);
  $('errors').textContent = s.errors;
  $('audio-served').textContent = num(s.audio_seconds, 1) + ' s';
  $('bytes-served').textContent = fmtBytes(s.bytes);
  for (const p of ['p50', 'p95', 'p99']) {
    $('ttfb-' + p).textContent = s.ttfb_ms[p] === null ? '–' : Math.round(s.ttfb_ms[p]) + ' ms';
    $('rtf-' + p).textContent = num(s.rtf[p], 3);
  }
}
function renderRecent(rows) {
  const list = $('waterfall');
  const longest = Math.max(1, ...rows.map((r) => r.total_ms || 0));
  list.textContent = '';
  for (const r of rows) {
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.dataset.testid = 'recent-row';
    li.setAttribute('data-testid', 'recent-row');
    li.setAttribute('role', 'button');
    const time = document.createElement('span');
    time.textContent = new Date(r.time).toLocaleTimeString();
    const meta = document.createElement('span');
    meta.className = 'meta';
    const status = document.createElement('b');
    status.className = 's-' + r.status;
    status.textContent = r.status;
    meta.append(status, ' ' + [r.voice || '-', r.lang || '', r.format || '', r.length + ' ch',
      r.ttfb_ms === null ? '' : Math.round(r.ttfb_ms) + '/' + Math.round(r.total_ms) + ' ms'].filter(Boolean).join(' · '));
    const bar = document.createElement('span');
    bar.className = 'bar';
    const total = document.createElement('i');
    total.className = 'total';
    total.style.width = (100 * (r.total_ms || 0) / longest) + '%';
    const first = document.createElement('i');
    first.className = 'first';
    first.style.width = (100 * (r.ttfb_ms || 0) / longest) + '%';
    bar.append(total, first);
    bar.title = 'first byte ' + num(r.ttfb_ms, 0) + ' ms of ' + num(r.total_ms, 0) + ' ms';
    li.append(time, meta, bar);
    const open = () => { const pre = $('record'); pre.hidden = false; pre.textContent = JSON.stringify(r, null, 2); };
    li.addEventListener('click', open);
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    list.append(li);
  }
}

// ---- voices tab ----
async function loadStore() {
  let body;
  try { body = await apiJson('/v1/console/voices'); } catch (e) { $('voices-hint').textContent = e.message; return; }
  $('voices-hint').textContent = body.can_download
    ? 'Downloads are verified (size and checksums) and installed atomically, as with hlas voices pull.'
    : 'Downloading needs an admin key (--admin-keys).';
  const rows = $('voice-rows');
  rows.textContent = '';
  for (const v of body.data || []) {
    const tr = document.createElement('tr');
    tr.dataset.voice = v.id;
    for (const text of [v.id, v.engine, v.language ? langName(baseLanguage(v.language)) + ' (' + v.language + ')' : '–',
      fmtBytes(v.size || 0), v.licence + (v.restricted ? ' ⚠' : '')]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    if (v.licence_note) tr.children[4].title = v.licence_note;
    const cell = document.createElement('td');
    if (v.installed) {
      cell.textContent = 'installed';
    } else if (v.pull && v.pull.state === 'running') {
      watchPull(v.id, cell);
    } else if (body.can_download) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Download';
      button.setAttribute('data-testid', 'pull-' + v.id);
      button.setAttribute('aria-label', 'Download ' + v.id);
      button.addEventListener('click', () => pull(v, cell));
      cell.append(button);
      if (v.pull && v.pull.state === 'failed') cell.append(' ' + v.pull.error);
    } else {
      cell.textContent = 'available';
    }
    tr.append(cell);
    rows.append(tr);
  }
}
async function pull(voice, cell) {
  const accept = !voice.restricted || confirm(voice.id + ' is licensed under ' + voice.licence
    + (voice.licence_note ? ' (' + voice.licence_note + ')' : '') + '. Accept the licence and download?');
  if (!accept) return;
  try {
    await apiJson('/v1/admin/voices/' + encodeURIComponent(voice.id) + '/pull', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accept_licence: voice.restricted }) });
  } catch (e) { cell.textContent = e.message; return; }
  watchPull(voice.id, cell);
}
async function watchPull(id, cell) {
  cell.textContent = '';
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute('aria-label', 'Downloading ' + id);
  bar.setAttribute('data-testid', 'progress-' + id);
  cell.append(bar);
  for (;;) {
    let job;
    try { job = await apiJson('/v1/admin/voices/' + encodeURIComponent(id) + '/pull'); } catch (e) { cell.textContent = e.message; return; }
    bar.max = job.total_bytes || 1;
    bar.value = job.bytes;
    if (job.state === 'done') { cell.textContent = 'installed'; loadVoices(); return; }
    if (job.state === 'failed') { cell.textContent = 'failed: ' + job.error; return; }
    await new Promise((r) => setTimeout(r, 300));
  }
}

// ---- start ----
setTheme(localStorage.getItem('hlas.theme') === 'light' ? 'light' : 'dark');
showView(['console', 'observatory', 'voices'].includes(localStorage.getItem('hlas.view'))
  ? localStorage.getItem('hlas.view') : 'console');
$('speed-out').textContent = '1.00×';
updateCode();
loadVoices().then(analyzeSoon);
