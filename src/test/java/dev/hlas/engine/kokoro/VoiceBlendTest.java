package dev.hlas.engine.kokoro;

import dev.hlas.error.VoiceUnavailable;

import dev.hlas.error.HlasException;
import dev.hlas.testing.kokoro.KokoroFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VoiceBlendTest {
    @Test
    void parses_weights_and_defaults_missing_ones_to_one() {
        VoiceBlend blend = VoiceBlend.parse("af_bella(2)+ af_sky").orElseThrow();
        assertThat(blend.components()).containsExactly(new VoiceBlend.Component("af_bella", 2),
                new VoiceBlend.Component("af_sky", 1));
        assertThat(blend.id()).isEqualTo("af_bella(2)+af_sky(1)");
        assertThat(VoiceBlend.parse("af_heart")).isEmpty();
        assertThat(VoiceBlend.parse("a(0.25)+b(0.75)").orElseThrow().id()).isEqualTo("a(0.25)+b(0.75)");
    }

    @Test
    void malformed_or_non_positive_weights_are_a_400_on_voice() {
        for (String bad : List.of("af_bella(x)+af_sky", "af_bella(0)+af_sky", "af_bella(-1)+af_sky", "af_bella+",
                "af_bella(2", "af_bella(Infinity)+af_sky")) {
            assertThatThrownBy(() -> VoiceBlend.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(VoiceUnavailable.class, e -> {
                        assertThat(e.param()).isEqualTo("voice");
                    });
        }
    }

    @Test
    void blending_mixes_the_whole_pack_by_normalized_weights() {
        VoicePack bella = new VoicePack("af_bella", KokoroFixtures.voice(0.01));
        VoicePack sky = new VoicePack("af_sky", KokoroFixtures.voice(0.04));
        VoicePack mix = VoicePack.blend("af_bella(2)+af_sky(1)", List.of(bella, sky), List.of(2.0, 1.0));
        // (2·0.01 + 1·0.04) / 3 = 0.02, and the row offset is kept for every row
        assertThat(mix.style(0)[0]).isCloseTo(0.02f, within(1e-7f));
        assertThat(mix.style(200)[17]).isCloseTo((float) (0.02 + 200 * KokoroFixtures.ROW_STEP), within(1e-7f));
        assertThat(bella.style(0)[0]).isEqualTo(0.01f); // inputs untouched
    }
}
