package dev.hlas.text;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * X-SAMPA, the ASCII spelling of IPA, read into IPA (the alphabet voices that take phonemes are given). Accepted
 * wherever an alphabet can be named: SSML {@code <phoneme alphabet="x-sampa">} and PLS lexicons.
 *
 * <p>Read left to right, longest symbol first ({@code r\`} before {@code r\} before {@code r}); a {@code _} that
 * starts no known diacritic is the tie bar ({@code t_S} → {@code t͡ʃ}). Characters that are not X-SAMPA symbols
 * (letters that are the same in both, spaces, {@code .}) are kept as they are.
 */
public final class XSampa {
    private static final Map<String, String> SYMBOLS = symbols();
    private static final int LONGEST = 4;

    private XSampa() {
    }

    /** Whether {@code alphabet} names X-SAMPA ({@code x-sampa}, {@code xsampa}, {@code x-SAMPA}). */
    public static boolean named(String alphabet) {
        if (alphabet == null) return false;
        String a = alphabet.strip().toLowerCase(Locale.ROOT);
        return a.equals("x-sampa") || a.equals("xsampa");
    }

    /** The IPA of an X-SAMPA string. */
    public static String toIpa(String xsampa) {
        StringBuilder out = new StringBuilder(xsampa.length());
        int i = 0;
        while (i < xsampa.length()) {
            String found = null;
            int length = 0;
            for (int n = Math.min(LONGEST, xsampa.length() - i); n >= 1 && found == null; n--) {
                String ipa = SYMBOLS.get(xsampa.substring(i, i + n));
                if (ipa != null) {
                    found = ipa;
                    length = n;
                }
            }
            if (found == null && xsampa.charAt(i) == '_') {
                found = "\u0361"; // tie bar: joins the symbols around it
                length = 1;
            }
            if (found == null) {
                out.append(xsampa.charAt(i));
                i++;
            } else {
                out.append(found);
                i += length;
            }
        }
        return out.toString();
    }

    private static Map<String, String> symbols() {
        Map<String, String> m = new HashMap<>();
        String[][] table = {
            // capitals and digits that stand for one IPA letter
            {"A", "ɑ"}, {"B", "β"}, {"C", "ç"}, {"D", "ð"}, {"E", "ɛ"}, {"F", "ɱ"}, {"G", "ɣ"}, {"H", "ɥ"},
            {"I", "ɪ"}, {"J", "ɲ"}, {"K", "ɬ"}, {"L", "ʎ"}, {"M", "ɯ"}, {"N", "ŋ"}, {"O", "ɔ"}, {"P", "ʋ"},
            {"Q", "ɒ"}, {"R", "ʁ"}, {"S", "ʃ"}, {"T", "θ"}, {"U", "ʊ"}, {"V", "ʌ"}, {"W", "ʍ"}, {"X", "χ"},
            {"Y", "ʏ"}, {"Z", "ʒ"}, {"g", "ɡ"},
            {"1", "ɨ"}, {"2", "ø"}, {"3", "ɜ"}, {"4", "ɾ"}, {"5", "ɫ"}, {"6", "ɐ"}, {"7", "ɤ"}, {"8", "ɵ"},
            {"9", "œ"}, {"&", "ɶ"}, {"@", "ə"}, {"{", "æ"}, {"}", "ʉ"}, {"?", "ʔ"},
            // with a backslash: another letter of the same look
            {"B\\", "ʙ"}, {"G\\", "ɢ"}, {"H\\", "ʜ"}, {"I\\", "ᵻ"}, {"J\\", "ɟ"}, {"K\\", "ɮ"}, {"L\\", "ʟ"},
            {"M\\", "ɰ"}, {"N\\", "ɴ"}, {"O\\", "ʘ"}, {"R\\", "ʀ"}, {"U\\", "ᵿ"}, {"X\\", "ħ"}, {"@\\", "ɘ"},
            {"3\\", "ɞ"}, {"?\\", "ʕ"}, {"<\\", "ʢ"}, {">\\", "ʡ"}, {"h\\", "ɦ"}, {"j\\", "ʝ"}, {"l\\", "ɺ"},
            {"p\\", "ɸ"}, {"r\\", "ɹ"}, {"s\\", "ɕ"}, {"v\\", "ʋ"}, {"x\\", "ɧ"}, {"z\\", "ʑ"},
            {"!\\", "ǃ"}, {"|\\", "ǀ"}, {"|\\|\\", "ǁ"}, {"=\\", "ǂ"}, {"-\\", "‿"},
            // retroflex and rhotic: a backtick
            {"d`", "ɖ"}, {"l`", "ɭ"}, {"n`", "ɳ"}, {"r`", "ɽ"}, {"s`", "ʂ"}, {"t`", "ʈ"}, {"z`", "ʐ"},
            {"r\\`", "ɻ"}, {"@`", "ɚ"}, {"3`", "ɝ"}, {"`", "˞"},
            // prosody
            {"\"", "ˈ"}, {"%", "ˌ"}, {":", "ː"}, {":\\", "ˑ"}, {"||", "‖"}, {"|", "|"},
            // diacritics
            {"_h", "ʰ"}, {"_j", "ʲ"}, {"'", "ʲ"}, {"_w", "ʷ"}, {"_G", "ˠ"}, {"_?\\", "ˤ"}, {"_>", "ʼ"},
            {"_n", "ⁿ"}, {"_l", "ˡ"}, {"~", "\u0303"}, {"_~", "\u0303"}, {"_0", "\u0325"}, {"_v", "\u032C"},
            {"=", "\u0329"}, {"_=", "\u0329"}, {"_^", "\u032F"}, {"_t", "\u0324"}, {"_d", "\u032A"},
            {"_a", "\u033A"}, {"_m", "\u033B"}, {"_r", "\u031D"}, {"_o", "\u031E"}, {"_A", "\u0318"},
            {"_q", "\u0319"}, {"_\"", "\u0308"}, {"_x", "\u033D"}, {"_+", "\u031F"}, {"_-", "\u0320"},
            {"_X", "\u0306"}, {"_c", "\u031C"}, {"_O", "\u0339"}, {"_k", "\u0330"}, {"_N", "\u033C"},
            {"_e", "\u0334"}, {"_}", "\u031A"},
        };
        for (String[] row : table) m.put(row[0], row[1]);
        return Map.copyOf(m);
    }
}
