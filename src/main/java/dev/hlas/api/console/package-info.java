/**
 * The web console's server side: the single-page console and its assets (from {@code resources/console}), ReDoc,
 * the observatory's {@code /metrics/summary} and {@code /metrics/recent}, the console's voice list and admin voice
 * downloads through the verified voice store. See {@code docs/console.md}.
 */
package dev.hlas.api.console;
