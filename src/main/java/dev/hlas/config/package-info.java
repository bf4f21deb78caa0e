/** Server configuration: one immutable record tree, validated once at start. */
package dev.hlas.config;
