/** Optional API keys for the {@code /v1} routes: Bearer tokens compared in constant time, never logged. */
package dev.hlas.api.auth;
