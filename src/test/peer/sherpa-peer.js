// The independent peer of the Piper differential test (PiperPhonemesDifferentialTest): sherpa-onnx's own
// espeak-ng (with espeak_TextToPhonemesWithTerminator) and piper-phonemize, running the project's "echo" model,
// whose output samples are the phoneme ids the peer fed it.
//
// Usage: node sherpa-peer.js request.json response.json
// request:  {"dataDir": "...", "tokens": "...", "models": {"en-us": "a.onnx", "cs": "b.onnx"},
//            "items": [{"model": "en-us", "text": "..."}]}
// response: {"espeakData": "...", "results": [{"sentences": [[1, 0, ...], ...]}]} — one id list per sentence
'use strict';
const fs = require('fs');
const sherpa = require('sherpa-onnx-node');

const [requestFile, responseFile] = process.argv.slice(2);
const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));

const engines = {};
for (const [name, model] of Object.entries(request.models)) {
  engines[name] = new sherpa.OfflineTts({
    model: {
      vits: {model, tokens: request.tokens, dataDir: request.dataDir},
      numThreads: 1,
      provider: 'cpu',
      debug: false,
    },
    maxNumSentences: 0,  // one model run with every sentence, so the "audio" is all the ids in order
  });
}

const BOS = request.bos;
const generationConfig = new sherpa.GenerationConfig({sid: 0, speed: 1.0, silenceScale: 1.0});
const results = [];
for (const item of request.items) {
  const audio = engines[item.model].generate({text: item.text, generationConfig});
  const sentences = [];
  for (const sample of audio.samples) {
    const id = Math.round(sample);
    if (id === BOS || sentences.length === 0) sentences.push([]);
    sentences[sentences.length - 1].push(id);
  }
  results.push({sentences});
  // espeak-ng keeps a read-ahead character in static state when a text ends in exactly ".."; the next text would
  // start with a stray "dot". Hlas phonemizes a blank after every text to forget it; the peer does the same, so
  // each text is compared on its own, independent of the order of the corpus.
  engines[item.model].generate({text: ' ', generationConfig});
}
fs.writeFileSync(responseFile, JSON.stringify({results}));
