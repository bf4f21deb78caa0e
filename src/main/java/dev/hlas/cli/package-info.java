/** The command line: {@code serve}, {@code say}, {@code voices}. */
package dev.hlas.cli;
