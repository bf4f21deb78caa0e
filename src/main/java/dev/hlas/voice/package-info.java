/** The voices stage: which concrete voice speaks each sentence; catalog, store and downloads. */
package dev.hlas.voice;
