package dev.hlas.text;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;

/**
 * Number words from ICU's rule-based number format (every Czech gender and case, English cardinals, ordinals and
 * years). RBNF instances are not thread-safe, so each thread keeps its own.
 */
final class Spellout {
    private static final ThreadLocal<RuleBasedNumberFormat> CS = ThreadLocal.withInitial(
            () -> new RuleBasedNumberFormat(new ULocale("cs"), RuleBasedNumberFormat.SPELLOUT));
    private static final ThreadLocal<RuleBasedNumberFormat> EN = ThreadLocal.withInitial(
            () -> new RuleBasedNumberFormat(new ULocale("en"), RuleBasedNumberFormat.SPELLOUT));

    private Spellout() {
    }

    /** Czech words for {@code n} with an RBNF rule set such as {@code %spellout-cardinal-feminine-genitive}. */
    static String czech(long n, String ruleSet) {
        // ICU spells "milión", "miliónů"; today's standard spelling is "milion"
        return CS.get().format(n, ruleSet).replace("milió", "milio");
    }

    /** English words for {@code n} with a rule set such as {@code %spellout-cardinal} or {@code %spellout-ordinal}. */
    static String english(long n, String ruleSet) {
        return EN.get().format(n, ruleSet);
    }
}
