/**
 * The whisper.cpp recognizer, through whisper-jni (which bundles whisper.cpp for Linux x64 and arm64 and needs the
 * OpenMP runtime, {@code libgomp1}). Models are ggml files from the voice store (engine id {@code whisper}), checked
 * against their install record and header before native code sees them, loaded on first use and kept warm.
 */
package dev.hlas.stt.whisper;
