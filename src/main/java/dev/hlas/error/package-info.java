/** Errors that reach clients, each knowing its HTTP status and OpenAI error type. */
package dev.hlas.error;
