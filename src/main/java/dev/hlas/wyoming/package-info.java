/**
 * The Wyoming protocol transport (Home Assistant's local voice protocol): a TCP server that frames what the
 * {@link dev.hlas.response.ResponsePipeline} produces as {@code audio-start}/{@code audio-chunk}/{@code audio-stop}
 * events, takes streamed text ({@code synthesize-start}/{@code -chunk}/{@code -stop}) into an
 * {@link dev.hlas.response.IncrementalResponse}, describes the voices in {@code info}, and announces itself over
 * mDNS. Frames are read and written here ({@link dev.hlas.wyoming.FrameReader}, {@link dev.hlas.wyoming.FrameWriter});
 * failures become {@code error} events in {@link dev.hlas.wyoming.WyomingErrors} only. See docs/home-assistant.md.
 */
package dev.hlas.wyoming;
