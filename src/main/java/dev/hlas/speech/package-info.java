/** The speech pipeline: requests, plans and the stream of audio they produce. */
package dev.hlas.speech;
