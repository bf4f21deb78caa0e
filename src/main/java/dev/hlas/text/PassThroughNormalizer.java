package dev.hlas.text;

/** For languages without reading rules of their own: text is passed on with whitespace tidied; the engine's own
 * number rules apply. */
final class PassThroughNormalizer extends RuleNormalizer {
    static final PassThroughNormalizer INSTANCE = new PassThroughNormalizer();

    private PassThroughNormalizer() {
    }
}
