/** The text stage: normalization, sentence splitting and language detection. */
package dev.hlas.text;
