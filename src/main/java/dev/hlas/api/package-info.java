/** The HTTP transport: OpenAI-compatible routes, request parsing and the single error mapper. */
package dev.hlas.api;
