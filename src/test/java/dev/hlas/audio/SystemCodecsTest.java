package dev.hlas.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * mp3 and Ogg Opus from the system's libmp3lame and libopus + libogg (bound through FFM), checked byte by byte where
 * the format is ours to get right (Ogg pages, Opus headers, granule positions) and by ffmpeg as the independent
 * decoder for the rest.
 */
class SystemCodecsTest {
    /** 1.2345 s at 48 kHz: not a whole number of 20 ms Opus frames, so the end trimming is exercised. */
    static final int SAMPLES = 59_256;

    @TempDir
    Path dir;

    static float[] tone(int n, int rate) {
        float[] pcm = new float[n];
        for (int i = 0; i < n; i++) pcm[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        return pcm;
    }

    @Test
    void the_launcher_installed_system_codecs_encode_mp3_and_opus() {
        assertThat(Encoders.implementation(AudioFormat.MP3)).startsWith("system libmp3lame");
        assertThat(Encoders.implementation(AudioFormat.OPUS)).startsWith("system libopus");
        assertThat(Encoders.implementation(AudioFormat.AAC)).isEqualTo("ffmpeg aac");
    }

    /** One Ogg page: its header type flags, granule position, and packets (segments joined by lacing). */
    record Page(int flags, long granule, int sequence, List<byte[]> packets) {
    }

    static List<Page> pages(byte[] ogg) {
        List<Page> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            byte[] magic = new byte[4];
            b.get(magic);
            assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("OggS");
            assertThat(b.get()).isZero(); // version
            int flags = b.get();
            long granule = b.getLong();
            b.getInt(); // serial
            int sequence = b.getInt();
            b.getInt(); // crc (ffmpeg checks it)
            int segments = b.get() & 0xff;
            int[] lacing = new int[segments];
            for (int i = 0; i < segments; i++) lacing[i] = b.get() & 0xff;
            List<byte[]> packets = new ArrayList<>();
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            for (int l : lacing) {
                byte[] seg = new byte[l];
                b.get(seg);
                packet.writeBytes(seg);
                if (l < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            out.add(new Page(flags, granule, sequence, packets));
        }
        return out;
    }

    @Test
    void ogg_opus_has_its_headers_on_pages_of_their_own_and_granules_that_trim_to_the_exact_length()
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        float[] pcm = tone(SAMPLES, 48_000);
        int before = Encoders.openNativeEncoders();
        try (AudioEncoder e = Encoders.open(AudioFormat.OPUS, 48_000, out)) {
            assertThat(Encoders.openNativeEncoders()).isEqualTo(before + 1);
            e.write(Arrays.copyOfRange(pcm, 0, 30_000));
            assertThat(out.size()).as("pages of the first write are out before the next write").isGreaterThan(1000);
            e.write(Arrays.copyOfRange(pcm, 30_000, SAMPLES));
            e.finish();
        }
        assertThat(Encoders.openNativeEncoders()).isEqualTo(before);

        List<Page> pages = pages(out.toByteArray());
        Page head = pages.get(0);
        assertThat(head.flags()).isEqualTo(2); // beginning of stream
        assertThat(head.packets()).hasSize(1);
        ByteBuffer h = ByteBuffer.wrap(head.packets().getFirst()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        h.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        assertThat(h.get()).isEqualTo((byte) 1);
        assertThat(h.get()).isEqualTo((byte) 1);
        int preSkip = h.getShort() & 0xffff;
        assertThat(preSkip).isBetween(100, 1000);
        assertThat(h.getInt()).isEqualTo(48_000);
        assertThat(h.getShort()).isZero();
        assertThat(h.get()).isZero();
        assertThat(pages.get(1).packets()).singleElement()
                .satisfies(p -> assertThat(new String(p, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusTags"));
        assertThat(pages.get(1).granule()).isZero();
        Page last = pages.getLast();
        assertThat(last.flags() & 4).as("end of stream").isEqualTo(4);
        assertThat(last.granule()).isEqualTo(preSkip + SAMPLES);
        long packets = pages.stream().skip(2).mapToLong(p -> p.packets().size()).sum();
        assertThat(packets).as("packets cover pre-skip and the input").isEqualTo((preSkip + SAMPLES + 959) / 960);
        assertThat(pages.get(2).granule()).as("granules count decoded samples, pre-skip included")
                .isEqualTo(pages.get(2).packets().size() * 960L);
        for (int i = 0; i < pages.size(); i++) assertThat(pages.get(i).sequence()).isEqualTo(i);

        Decoded d = Decoded.of(out.toByteArray(), dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.container()).isEqualTo("ogg");
        assertThat(d.codec()).isEqualTo("opus");
        assertThat(d.samples().length).as("pre-skip and end trimming give back exactly the input length")
                .isEqualTo(SAMPLES);
        double error = 0;
        for (int i = 2000; i < SAMPLES - 2000; i++) error += Math.abs(d.samples()[i] - pcm[i]);
        assertThat(error / (SAMPLES - 4000)).as("decodes to the tone, aligned").isLessThan(0.05);
        double kbps = out.size() * 8 / (SAMPLES / 48_000.0) / 1000;
        assertThat(kbps).isBetween(16.0, 48.0);
    }

    @Test
    void mp3_is_cbr_64_kbps_mono_without_tags_and_decodes_to_the_input_length() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rate = 22_050;
        float[] pcm = tone(rate * 2, rate);
        try (AudioEncoder e = Encoders.open(AudioFormat.MP3, rate, out)) {
            e.write(Arrays.copyOfRange(pcm, 0, rate));
            assertThat(out.size()).as("frames of the first write are out before the end").isGreaterThan(0);
            e.write(Arrays.copyOfRange(pcm, rate, pcm.length));
            e.finish();
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0] & 0xff).as("an MPEG frame sync at byte 0: no ID3 tag").isEqualTo(0xff);
        assertThat(new String(bytes, 0, bytes.length, StandardCharsets.ISO_8859_1)).doesNotContain("Xing", "Info",
                "TAG");
        Decoded d = Decoded.of(bytes, dir);
        assertThat(d.errors()).isEmpty();
        assertThat(d.codec()).isEqualTo("mp3");
        assertThat(d.sampleRate()).isEqualTo(rate);
        assertThat(d.channels()).isEqualTo(1);
        assertThat(d.seconds()).isCloseTo(2.0, within(0.1));
        assertThat(bytes.length * 8 / 2.0 / 1000).isCloseTo(64, within(6.0));
    }

    @Test
    void closing_without_finishing_frees_every_system_encoder() throws Exception {
        int before = Encoders.openNativeEncoders();
        for (AudioFormat f : List.of(AudioFormat.MP3, AudioFormat.OPUS)) {
            AudioEncoder e = Encoders.open(f, Encoders.outputRate(f, null, 22_050), new ByteArrayOutputStream());
            e.write(tone(5000, 22_050));
            e.close();
            e.close();
        }
        assertThat(Encoders.openNativeEncoders()).isEqualTo(before);
    }
}
