/**
 * The audio stage: resampling, gain and one encoder per response (mp3 and Opus through the system's libmp3lame and
 * libopus + libogg bound with FFM, AAC and FLAC through FFmpeg; docs/serving.md, "Audio formats and encoders").
 * Never knows which engine produced the PCM.
 */
package dev.hlas.audio;
