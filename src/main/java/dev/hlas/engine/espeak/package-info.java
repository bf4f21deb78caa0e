/** espeak-ng through the FFM API: phonemization for the neural engines, and its own formant voices. */
package dev.hlas.engine.espeak;
