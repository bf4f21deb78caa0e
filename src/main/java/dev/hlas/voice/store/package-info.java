/**
 * The voice store: downloadable voices (a built-in, pinned {@link dev.hlas.voice.store.Catalog}), voices installed
 * under {@code HLAS_HOME/voices/<id>/} (a {@link dev.hlas.voice.store.VoiceStore} with one {@code installed.json}
 * manifest per voice), and the two ways in: {@link dev.hlas.voice.store.Downloader} (HTTP, verified, atomic) and
 * {@link dev.hlas.voice.store.Importer} (a directory, for air-gapped machines).
 *
 * <p>Engine-neutral: a catalog entry is an id, an engine id, a licence and a list of files with sizes and digests.
 * Piper, Kokoro and Supertonic voices are all installed the same way; engines see the installs through
 * {@link dev.hlas.engine.InstalledModels}, which the store implements, and read their files from each install's
 * directory.
 */
package dev.hlas.voice.store;
