/** The audio stage: resampling, gain and one encoder per response. Never knows which engine produced the PCM. */
package dev.hlas.audio;
