// The sherpa-onnx peer of FirstAudioBench: loads one Piper-shaped model and, for every line read from stdin,
// synthesizes the given text in one model run and prints how long generate() took, in milliseconds.
//
// Usage: NODE_PATH=target/sherpa-peer/node_modules node bench/sherpa-first-audio.js model.onnx tokens.txt dataDir threads
'use strict';
const sherpa = require('sherpa-onnx-node');
const readline = require('readline');

const [model, tokens, dataDir, threads] = process.argv.slice(2);
const tts = new sherpa.OfflineTts({
  model: {vits: {model, tokens, dataDir}, numThreads: Number(threads), provider: 'cpu', debug: false},
  maxNumSentences: 1,
});
const config = new sherpa.GenerationConfig({sid: 0, speed: 1.0});
tts.generate({text: 'Warm up.', generationConfig: config});
console.log('ready');
readline.createInterface({input: process.stdin}).on('line', (text) => {
  const start = process.hrtime.bigint();
  const audio = tts.generate({text, generationConfig: config});
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ms, samples: audio.samples.length}));
});
