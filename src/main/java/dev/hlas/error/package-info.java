/**
 * The domain errors: one sealed hierarchy rooted at {@link dev.hlas.error.HlasException}, with no transport
 * knowledge. Each transport maps it exhaustively in one place.
 */
package dev.hlas.error;
