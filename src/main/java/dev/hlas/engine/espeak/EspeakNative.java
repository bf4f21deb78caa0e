package dev.hlas.engine.espeak;

import dev.hlas.engine.PhonemeSpan;

import dev.hlas.error.NativeLibraryMissing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The one owner of libespeak-ng in this process, bound through the FFM API (no JNI, no subprocess).
 *
 * <p>Threading: espeak-ng is C code with process-global state (current voice, parameters, one static phoneme buffer,
 * one synthesis callback). Every call therefore runs under {@link #lock}; callers on any thread may use this class.
 * The synthesis callback is an FFM upcall that runs on the calling thread while {@code espeak_Synth} is on the stack
 * (synchronous output mode), and delivers samples to the collector of the call that holds the lock.
 *
 * <p>Phonemization follows Piper (see docs/ENGINES.md, "Piper"): one {@code espeak_TextToPhonemes*} call per clause. Debian's
 * 1.51 lacks {@code espeak_TextToPhonemesWithTerminator}; when the loaded library exports it we call it, otherwise
 * the clause terminator is recovered from how far espeak advanced the text pointer (docs/ENGINES.md).
 */
public final class EspeakNative implements AutoCloseable {
    private static final int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    private static final int INITIALIZE_DONT_EXIT = 0x8000;
    private static final int CHARS_AUTO = 0;
    private static final int CHARS_UTF8 = 1;
    private static final int PHONEMES_IPA = 0x02;
    /** With this bit, bits 8–23 of the phoneme mode are a tie character joining the letters of one phoneme. */
    private static final int PHONEMES_TIE = 0x80;
    private static final int POS_CHARACTER = 1;
    private static final int PARAM_RATE = 1;
    private static final int EE_OK = 0;
    /** {@code espeak_EVENT}: type, unique id, text position, length, audio position (ms), sample, user data, id. */
    private static final long EVENT_BYTES = 40;
    private static final int EVENT_LIST_TERMINATED = 0;
    private static final int EVENT_WORD = 1;

    private static final Pattern LANGUAGE_FLAGS = Pattern.compile("\\([^)]+\\)");

    private static final List<String> DEFAULT_LIBRARY_NAMES = List.of(
            "libespeak-ng.so.1", "libespeak-ng.so", "libespeak-ng.1.dylib", "libespeak-ng.dylib",
            "/usr/lib/x86_64-linux-gnu/libespeak-ng.so.1", "/usr/lib/aarch64-linux-gnu/libespeak-ng.so.1",
            "/usr/lib64/libespeak-ng.so.1", "/usr/lib/libespeak-ng.so.1", "/usr/local/lib/libespeak-ng.so.1",
            "/opt/homebrew/lib/libespeak-ng.dylib", "/usr/local/lib/libespeak-ng.dylib");

    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final String libraryPath;
    private final int sampleRate;
    private final String version;
    private final MethodHandle setVoiceByName;
    private final MethodHandle textToPhonemes;
    private final MethodHandle textToPhonemesWithTerminator; // null on 1.51
    private final MethodHandle synth;
    private final MethodHandle setParameter;
    private final MethodHandle listVoices;
    private String currentVoice;
    private SampleCollector collector;

    private EspeakNative(SymbolLookup lookup, String libraryPath, String dataPath) {
        this.libraryPath = libraryPath;
        Linker linker = Linker.nativeLinker();
        MethodHandle initialize = downcall(linker, lookup, "espeak_Initialize",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        setVoiceByName = downcall(linker, lookup, "espeak_SetVoiceByName", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        textToPhonemes = downcall(linker, lookup, "espeak_TextToPhonemes",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        textToPhonemesWithTerminator = lookup.find("espeak_TextToPhonemesWithTerminator")
                .map(s -> linker.downcallHandle(s, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)))
                .orElse(null);
        synth = downcall(linker, lookup, "espeak_Synth", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        setParameter = downcall(linker, lookup, "espeak_SetParameter",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        listVoices = downcall(linker, lookup, "espeak_ListVoices", FunctionDescriptor.of(ADDRESS, ADDRESS));
        MethodHandle info = downcall(linker, lookup, "espeak_Info", FunctionDescriptor.of(ADDRESS, ADDRESS));
        MethodHandle setSynthCallback = downcall(linker, lookup, "espeak_SetSynthCallback",
                FunctionDescriptor.ofVoid(ADDRESS));
        try {
            MemorySegment path = dataPath == null ? MemorySegment.NULL : arena.allocateFrom(dataPath);
            int rate = (int) initialize.invokeExact(AUDIO_OUTPUT_SYNCHRONOUS, 0, path, INITIALIZE_DONT_EXIT);
            if (rate <= 0) {
                throw new NativeLibraryMissing("espeak-ng could not load its data"
                        + (dataPath == null ? " from its default location" : " from " + dataPath)
                        + ". Install it (Debian/Ubuntu: apt-get install espeak-ng-data) or set HLAS_ESPEAK_DATA "
                        + "to the espeak-ng-data directory.");
            }
            sampleRate = rate;
            MemorySegment versionPtr = (MemorySegment) info.invokeExact(MemorySegment.NULL);
            version = cString(versionPtr);
            MethodHandle onSamples = MethodHandles.lookup().findVirtual(EspeakNative.class, "onSamples",
                    MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class));
            MemorySegment callback = linker.upcallStub(onSamples.bindTo(this),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), arena);
            setSynthCallback.invokeExact(callback);
        } catch (NativeLibraryMissing e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("espeak-ng initialization failed", t);
        }
    }

    /**
     * Loads libespeak-ng: the explicit path when given, else the usual system names and locations.
     *
     * @param libraryOverride a file path or library name, or null
     * @param dataOverride    the espeak-ng-data directory (or its parent), or null for the library's default
     * @throws NativeLibraryMissing with install instructions when nothing loads
     */
    public static synchronized EspeakNative load(String libraryOverride, String dataOverride) {
        // espeak-ng has one global state per process: every caller shares the first successful load.
        if (loaded != null) return loaded;
        loaded = loadNew(libraryOverride, dataOverride);
        return loaded;
    }

    private static EspeakNative loaded;

    private static EspeakNative loadNew(String libraryOverride, String dataOverride) {
        LinkedHashSet<String> candidates = new LinkedHashSet<>();
        if (libraryOverride != null && !libraryOverride.isBlank()) {
            candidates.add(libraryOverride);
        } else {
            candidates.addAll(DEFAULT_LIBRARY_NAMES);
        }
        for (String candidate : candidates) {
            Optional<SymbolLookup> lookup = tryLoad(candidate);
            if (lookup.isPresent()) {
                return new EspeakNative(lookup.get(), candidate, blankToNull(dataOverride));
            }
        }
        throw new NativeLibraryMissing("libespeak-ng was not found (tried " + String.join(", ", candidates)
                + "). Install it (Debian/Ubuntu: apt-get install libespeak-ng1 espeak-ng-data; macOS: brew install "
                + "espeak-ng) or set HLAS_ESPEAK_LIBRARY to the library file.");
    }

    private static Optional<SymbolLookup> tryLoad(String candidate) {
        if (candidate.contains("/") && !Files.exists(Path.of(candidate))) return Optional.empty();
        try {
            // Global arena: the library stays loaded for the life of the process, as espeak-ng expects.
            return Optional.of(SymbolLookup.libraryLookup(candidate, Arena.global()));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static MethodHandle downcall(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(lookup.find(name).orElseThrow(
                () -> new NativeLibraryMissing("libespeak-ng lacks " + name + "; install espeak-ng ≥ 1.50")), fd);
    }

    /** Output sample rate of synthesis (22050 for espeak-ng). */
    public int sampleRate() {
        return sampleRate;
    }

    /** The library's version string, e.g. {@code 1.51}. */
    public String version() {
        return version;
    }

    /** Which library file or name was loaded. */
    public String libraryPath() {
        return libraryPath;
    }

    /** Whether the library has the native terminator function (else the emulation is used). */
    public boolean hasNativeTerminator() {
        return textToPhonemesWithTerminator != null;
    }

    /** Every voice espeak-ng knows, in its own order. */
    public List<EspeakVoiceEntry> listVoices() {
        lock.lock();
        try {
            MemorySegment array = ((MemorySegment) listVoices.invokeExact(MemorySegment.NULL))
                    .reinterpret(Long.MAX_VALUE);
            List<EspeakVoiceEntry> voices = new ArrayList<>();
            for (long i = 0; ; i++) {
                MemorySegment voice = array.getAtIndex(ADDRESS, i);
                if (voice.equals(MemorySegment.NULL)) break;
                voices.add(readVoice(voice.reinterpret(40)));
            }
            return voices;
        } catch (Throwable t) {
            throw new IllegalStateException("espeak_ListVoices failed", t);
        } finally {
            lock.unlock();
        }
    }

    /* struct espeak_VOICE { char *name; char *languages; char *identifier; uchar gender, age, variant, xx1;
       int score; void *spare; } — languages is a list of (priority byte, NUL-terminated name), ended by a 0 byte. */
    private static EspeakVoiceEntry readVoice(MemorySegment v) {
        String name = cString(v.get(ADDRESS, 0));
        MemorySegment langs = v.get(ADDRESS, 8).reinterpret(Long.MAX_VALUE);
        String identifier = cString(v.get(ADDRESS, 16));
        int gender = Byte.toUnsignedInt(v.get(ValueLayout.JAVA_BYTE, 24));
        List<String> languages = new ArrayList<>();
        long offset = 0;
        while (langs.get(ValueLayout.JAVA_BYTE, offset) != 0) {
            String lang = langs.getString(offset + 1, StandardCharsets.UTF_8);
            languages.add(lang);
            offset += 1 + lang.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return new EspeakVoiceEntry(name, identifier, languages, gender);
    }

    /**
     * Phonemizes text into clauses exactly as Piper does (see docs/ENGINES.md, "Piper").
     *
     * @param voice an espeak voice name, e.g. {@code en-us}, {@code cs}, {@code en-gb-x-rp}
     * @throws IllegalArgumentException when espeak-ng does not know the voice
     */
    public List<PhonemeClause> phonemizeClauses(String text, String voice) {
        return phonemizeClauses(text, voice, PHONEMES_IPA);
    }

    /**
     * Phonemizes text into clauses like {@link #phonemizeClauses(String, String)}, but with espeak-ng's tie mode:
     * the characters of one multi-letter phoneme are joined by {@code tie} ({@code həlˈo^ʊ}, {@code d^ʒ}), so a
     * caller can map whole phonemes. Kokoro's G2P (misaki) calls espeak this way with {@code '^'} (phoneme mode
     * {@code 0x02 | 0x80 | tie << 8}; see docs/ENGINES.md, "Kokoro").
     *
     * @param tie an ASCII character that does not occur in IPA output, usually {@code '^'}
     * @throws IllegalArgumentException when espeak-ng does not know the voice or the tie is not ASCII
     */
    public List<PhonemeClause> phonemizeClausesWithTie(String text, String voice, char tie) {
        if (tie == 0 || tie > 0x7F) throw new IllegalArgumentException("tie must be an ASCII character: " + (int) tie);
        return phonemizeClauses(text, voice, PHONEMES_IPA | PHONEMES_TIE | (tie << 8));
    }

    private List<PhonemeClause> phonemizeClauses(String text, String voice, int phonemeMode) {
        lock.lock();
        try (Arena call = Arena.ofConfined()) {
            selectVoice(voice);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment textSegment = call.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, textSegment, ValueLayout.JAVA_BYTE, 0, utf8.length);
            textSegment.set(ValueLayout.JAVA_BYTE, utf8.length, (byte) 0);
            MemorySegment textPtr = call.allocate(ADDRESS);
            textPtr.set(ADDRESS, 0, textSegment);
            MemorySegment terminatorOut = call.allocate(JAVA_INT);
            long base = textSegment.address();

            List<PhonemeClause> clauses = new ArrayList<>();
            long consumedStart = 0;
            while (!textPtr.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                MemorySegment phonemes;
                if (textToPhonemesWithTerminator != null) {
                    phonemes = (MemorySegment) textToPhonemesWithTerminator.invokeExact(textPtr, CHARS_AUTO,
                            phonemeMode, terminatorOut);
                } else {
                    phonemes = (MemorySegment) textToPhonemes.invokeExact(textPtr, CHARS_AUTO, phonemeMode);
                }
                String clausePhonemes = LANGUAGE_FLAGS.matcher(cString(phonemes)).replaceAll("");
                MemorySegment next = textPtr.get(ADDRESS, 0);
                boolean atEnd = next.equals(MemorySegment.NULL);
                long consumedEnd = atEnd ? utf8.length : next.address() - base;
                Terminator terminator = textToPhonemesWithTerminator != null
                        ? Terminator.fromNative(terminatorOut.get(JAVA_INT, 0))
                        : Terminator.fromConsumedSlice(utf8, (int) consumedStart, (int) consumedEnd, !atEnd);
                consumedStart = consumedEnd;
                clauses.add(new PhonemeClause(clausePhonemes, terminator.text, terminator.endsSentence || atEnd));
            }
            forgetReadAhead(call, phonemeMode);
            return clauses;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("espeak_TextToPhonemes failed", t);
        } finally {
            lock.unlock();
        }
    }

    /**
     * espeak-ng keeps characters it read ahead in static state between calls: after a text that ends in exactly
     * {@code ..} the next text, perhaps another request's, would begin with a stray "dot". Phonemizing a blank
     * consumes whatever was kept, so every text starts clean.
     */
    private void forgetReadAhead(Arena call, int phonemeMode) throws Throwable {
        MemorySegment blank = call.allocateFrom(" ");
        MemorySegment pointer = call.allocate(ADDRESS);
        pointer.set(ADDRESS, 0, blank);
        while (!pointer.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
            MemorySegment ignored = (MemorySegment) textToPhonemes.invokeExact(pointer, CHARS_AUTO, phonemeMode);
        }
    }

    /**
     * Phonemizes text into sentences: each a string of IPA phonemes with Piper's terminators
     * (e.g. {@code "həlˈoʊ, wˈɜːld!"}). Empty sentences are dropped.
     */
    public List<String> phonemize(String text, String voice) {
        List<String> sentences = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (PhonemeClause clause : phonemizeClauses(text, voice)) {
            current.append(clause.phonemes()).append(clause.terminator());
            if (clause.endsSentence()) {
                if (!current.isEmpty()) sentences.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) sentences.add(current.toString());
        return sentences;
    }

    /**
     * Like {@link #phonemize(String, String)}, with the phonemes of some pieces given: the text between them is
     * phonemized piece by piece and each given piece's phonemes are put in its place as one word. Punctuation right
     * after a given piece still ends its clause or sentence as usual.
     */
    public List<String> phonemize(String text, List<PhonemeSpan> given, String voice) {
        if (given.isEmpty()) return phonemize(text, voice);
        List<String> sentences = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int at = 0;
        for (PhonemeSpan g : given) {
            appendPiece(text.substring(at, g.start()), voice, false, current, sentences);
            if (!current.isEmpty() && current.charAt(current.length() - 1) != ' ') current.append(' ');
            current.append(g.phonemes().strip());
            at = g.end();
        }
        appendPiece(text.substring(at), voice, true, current, sentences);
        if (!current.isEmpty() && !current.toString().isBlank()) sentences.add(current.toString().strip());
        return sentences;
    }

    private void appendPiece(String piece, String voice, boolean last, StringBuilder current, List<String> sentences) {
        if (piece.codePoints().noneMatch(Character::isLetterOrDigit)) {
            String p = piece.strip();
            Terminator t = p.isEmpty() ? null : Terminator.fromNative(EspeakPunctuation.clauseType(p.codePointAt(0)));
            if (t == null || t == Terminator.CONTINUE || t == Terminator.END) {
                if (!piece.isEmpty() && !current.isEmpty()) current.append(' ');
                return;
            }
            current.append(t.text());
            if (t.endsSentence()) {
                sentences.add(current.toString());
                current.setLength(0);
            }
            return;
        }
        if (!current.isEmpty() && current.charAt(current.length() - 1) != ' ') current.append(' ');
        List<PhonemeClause> clauses = phonemizeClauses(piece, voice);
        for (int i = 0; i < clauses.size(); i++) {
            PhonemeClause clause = clauses.get(i);
            boolean open = !last && i == clauses.size() - 1 && clause.terminator().isEmpty();
            current.append(clause.phonemes()).append(clause.terminator());
            if (clause.endsSentence() && !open) {
                if (!current.isEmpty()) sentences.add(current.toString());
                current.setLength(0);
            }
        }
    }

    /**
     * Synthesizes text with espeak-ng's own formant synthesizer.
     *
     * @param voice          espeak voice name, optionally with a variant ({@code en-us+f3})
     * @param wordsPerMinute speaking rate (espeak clamps to 80–450; 175 is normal)
     * @param cancelled      polled between espeak's audio buffers; when it answers true synthesis stops
     * @return 16-bit mono samples at {@link #sampleRate()}
     */
    public short[] synthesize(String text, String voice, int wordsPerMinute, BooleanSupplier cancelled) {
        return synthesizeWithWords(text, voice, wordsPerMinute, cancelled).samples();
    }

    /**
     * A word as espeak-ng's word event reports it.
     *
     * @param start  UTF-16 offset of the word in the synthesized text
     * @param end    offset just past it
     * @param sample the sample at which its audio starts
     */
    public record WordEvent(int start, int end, long sample) {
    }

    /** Samples and the word events of one synthesis. */
    public record Synthesis(short[] samples, List<WordEvent> words) {
    }

    /**
     * Like {@link #synthesize}, also answering where each word starts in the audio (espeak-ng's word events: the
     * sample position and the text position it reports).
     */
    public Synthesis synthesizeWithWords(String text, String voice, int wordsPerMinute, BooleanSupplier cancelled) {
        lock.lock();
        try (Arena call = Arena.ofConfined()) {
            selectVoice(voice);
            int status = (int) setParameter.invokeExact(PARAM_RATE, wordsPerMinute, 0);
            if (status != EE_OK) throw new IllegalStateException("espeak_SetParameter(rate) failed: " + status);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment textSegment = call.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, textSegment, ValueLayout.JAVA_BYTE, 0, utf8.length);
            textSegment.set(ValueLayout.JAVA_BYTE, utf8.length, (byte) 0);
            collector = new SampleCollector(cancelled);
            status = (int) synth.invokeExact(textSegment, (long) utf8.length + 1, 0, POS_CHARACTER, 0, CHARS_UTF8,
                    MemorySegment.NULL, MemorySegment.NULL);
            if (status != EE_OK && !collector.stopped) {
                throw new IllegalStateException("espeak_Synth failed with status " + status);
            }
            return new Synthesis(collector.samples(), collector.words(text));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("espeak_Synth failed", t);
        } finally {
            collector = null;
            lock.unlock();
        }
    }

    /** FFM upcall target: {@code int SynthCallback(short *wav, int numsamples, espeak_EVENT *events)}. */
    @SuppressWarnings("unused")
    private int onSamples(MemorySegment wav, int count, MemorySegment events) {
        SampleCollector c = collector;
        if (c == null) return 1;
        if (c.cancelled.getAsBoolean()) {
            c.stopped = true;
            return 1;
        }
        if (!events.equals(MemorySegment.NULL)) {
            MemorySegment list = events.reinterpret(EVENT_BYTES * 4096L);
            for (long at = 0; at < list.byteSize(); at += EVENT_BYTES) {
                int type = list.get(JAVA_INT, at);
                if (type == EVENT_LIST_TERMINATED) break;
                if (type == EVENT_WORD) {
                    c.events.add(new int[]{list.get(JAVA_INT, at + 8), list.get(JAVA_INT, at + 12),
                            list.get(JAVA_INT, at + 20)});
                }
            }
        }
        if (count > 0 && !wav.equals(MemorySegment.NULL)) {
            c.add(wav.reinterpret(count * 2L).toArray(ValueLayout.JAVA_SHORT));
        }
        return 0;
    }

    private void selectVoice(String voice) throws Throwable {
        if (voice.equals(currentVoice)) return;
        try (Arena call = Arena.ofConfined()) {
            int status = (int) setVoiceByName.invokeExact(call.allocateFrom(voice));
            if (status != EE_OK) {
                currentVoice = null;
                throw new IllegalArgumentException("espeak-ng has no voice named '" + voice + "'");
            }
        }
        currentVoice = voice;
    }

    private static String cString(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) return "";
        return p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        // The library stays loaded (global arena); the callback stub lives as long as this object's arena.
    }

    /** A clause terminator: the text Piper appends and whether it ends the sentence. */
    private record Terminator(String text, boolean endsSentence) {
        static final Terminator PERIOD = new Terminator(".", true);
        static final Terminator QUESTION = new Terminator("?", true);
        static final Terminator EXCLAMATION = new Terminator("!", true);
        static final Terminator COMMA = new Terminator(", ", false);
        static final Terminator COLON = new Terminator(": ", false);
        static final Terminator SEMICOLON = new Terminator("; ", false);
        static final Terminator CONTINUE = new Terminator("", false);
        static final Terminator END = new Terminator("", true);

        static Terminator fromNative(int raw) {
            int t = raw & 0x000FFFFF;
            // exact values only, as Piper compares them: "。" (a full stop needing no space) ends the sentence silently
            if (t == EspeakPunctuation.PERIOD) return PERIOD;
            if (t == EspeakPunctuation.QUESTION) return QUESTION;
            if (t == EspeakPunctuation.EXCLAMATION) return EXCLAMATION;
            if (t == EspeakPunctuation.COMMA) return COMMA;
            if (t == EspeakPunctuation.COLON) return COLON;
            if (t == EspeakPunctuation.SEMICOLON) return SEMICOLON;
            return (t & EspeakPunctuation.TYPE_SENTENCE) != 0 ? END : CONTINUE;
        }

        /**
         * Recovers the terminator on espeak-ng 1.51, which lacks {@code espeak_TextToPhonemesWithTerminator}, from
         * the text espeak consumed for the clause (docs/ENGINES.md, "The clause terminator"). After a clause the text
         * pointer has moved past the punctuation, the whitespace after it and one look-ahead codepoint that espeak
         * keeps for the next clause. espeak-ng ends the clause at the first clause mark after the last word and
         * swallows every clause mark that follows it ({@code ?!} is a question, {@code !?} an exclamation,
         * {@code ?..} a question, {@code .,} a full stop); three or more full stops are one ellipsis. Two or more
         * newlines after the mark make it a paragraph end. A clause that ends without a mark is one espeak-ng split
         * because it was too long: no terminator, the sentence goes on.
         */
        static Terminator fromConsumedSlice(byte[] utf8, int start, int end, boolean hasLookAhead) {
            String slice = new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
            if (hasLookAhead && !slice.isEmpty()) {
                slice = slice.substring(0, slice.offsetByCodePoints(slice.length(), -1));
            }
            int contentEnd = slice.length();
            while (contentEnd > 0 && Character.isWhitespace(slice.codePointBefore(contentEnd))) {
                contentEnd -= Character.charCount(slice.codePointBefore(contentEnd));
            }
            long newlines = slice.substring(contentEnd).chars().filter(c -> c == '\n').count();
            int runStart = contentEnd;
            while (runStart > 0 && EspeakPunctuation.endsClause(slice.codePointBefore(runStart))) {
                runStart -= Character.charCount(slice.codePointBefore(runStart));
            }
            if (runStart == contentEnd) {
                if (newlines >= 2) return END; // a paragraph break
                return hasLookAhead ? CONTINUE : END;
            }
            int clause = slice.startsWith("...", runStart) ? EspeakPunctuation.ELLIPSIS
                    : EspeakPunctuation.clauseType(slice.codePointAt(runStart));
            if (newlines >= 2) {
                clause = clause == EspeakPunctuation.QUESTION || clause == EspeakPunctuation.EXCLAMATION
                        ? clause + 35 : EspeakPunctuation.PARAGRAPH;
            }
            return fromNative(clause);
        }
    }

    /** Collects the samples of one synthesis call. */
    private static final class SampleCollector {
        final BooleanSupplier cancelled;
        short[] buffer = new short[22050];
        int size;
        boolean stopped;
        final List<int[]> events = new ArrayList<>();

        SampleCollector(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
        }

        void add(short[] more) {
            if (size + more.length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, buffer, size, more.length);
            size += more.length;
        }

        short[] samples() {
            return Arrays.copyOf(buffer, size);
        }

        /** Word events: espeak-ng counts text positions in characters from 1; these are UTF-16 offsets from 0. */
        List<WordEvent> words(String text) {
            int[] offsets = text.codePoints().map(Character::charCount).toArray();
            int[] utf16 = new int[offsets.length + 1];
            for (int i = 0; i < offsets.length; i++) utf16[i + 1] = utf16[i] + offsets[i];
            List<WordEvent> out = new ArrayList<>(events.size());
            for (int[] e : events) {
                int from = Math.clamp(e[0] - 1, 0, offsets.length);
                int to = Math.clamp(e[0] - 1 + e[1], from, offsets.length);
                out.add(new WordEvent(utf16[from], utf16[to], Math.max(0, e[2])));
            }
            return out;
        }
    }
}
