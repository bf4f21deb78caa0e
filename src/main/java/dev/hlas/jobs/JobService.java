package dev.hlas.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hlas.audio.AudioFormat;
import dev.hlas.audio.Encoders;
import dev.hlas.config.JobsConfig;
import dev.hlas.error.Busy;
import dev.hlas.error.ClientGone;
import dev.hlas.error.HlasException;
import dev.hlas.error.InvalidRequest;
import dev.hlas.ops.UsageLedger;
import dev.hlas.response.ResponseOptions;
import dev.hlas.response.ResponsePipeline;
import dev.hlas.response.SpeechResponse;
import dev.hlas.speech.EngineScheduler;
import dev.hlas.speech.PlannedSentence;
import dev.hlas.speech.SpeechPlan;
import dev.hlas.speech.SpeechRequest;
import dev.hlas.speech.StreamFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Renders long-form jobs. {@link #create} cuts the text into sentences with the same text analysis a request gets
 * (so every input error is a 400 before anything is accepted), writes the job's directory and queues it; up to
 * {@link JobsConfig#maxRunning()} workers render queued jobs sentence by sentence through the response pipeline,
 * each sentence kept as {@code pieces/NNNNNN.pcm} (written under a temporary name, then moved into place), and
 * encode the pieces into {@code content.<format>} (the same way) when all are there.
 *
 * <p>A job uses the engines' normal admission, one sentence at a time, and starts its next sentence only when the
 * engine has a free worker: an interactive request never queues behind a job's sentences, at most behind the one
 * sentence a job is synthesizing when it arrives.
 *
 * <p>On start every unfinished job found under the directory is queued again at its first missing sentence; a
 * sentence whose piece is on disk is never rendered again. Finished jobs are deleted after {@link JobsConfig#ttl()}.
 */
public final class JobService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The endpoint a job's usage is counted under. */
    public static final String ENDPOINT = "/v1/audio/speech/jobs";
    private static final ResponseOptions PIECE_OPTIONS = new ResponseOptions(null, true, () -> false);
    private final ResponsePipeline pipeline;
    private final JobsConfig config;
    private final Path root;
    private final UsageLedger usage;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger piecesRendered = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Opens the jobs under {@code root} (created when missing), queues the unfinished ones and starts the workers.
     *
     * @param usage where a completed job's usage is added, or null
     */
    public JobService(ResponsePipeline pipeline, JobsConfig config, Path root, UsageLedger usage) {
        this.pipeline = pipeline;
        this.config = config;
        this.root = root;
        this.usage = usage;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        load();
        for (int i = 0; i < config.maxRunning(); i++) {
            workers.add(Thread.ofVirtual().name("hlas-job-" + i).start(this::work));
        }
    }

    /** The settings this service enforces. */
    public JobsConfig config() {
        return config;
    }

    /** Sentences rendered by this service since it started (each one an engine call for its sentence). */
    public int piecesRendered() {
        return piecesRendered.get();
    }

    // ---------------------------------------------------------------------------------------------------- creation

    /**
     * Accepts a job: checks its size and text, cuts it into sentences, writes its directory and queues it.
     *
     * @param settings the request's settings (its input is ignored)
     * @param owner    the account the job belongs to; only it sees the job
     * @throws HlasException 400 for a text that is too long, empty, SSML or unspeakable, or an unknown voice; 429
     *                       when the owner has {@link JobsConfig#maxPerKey()} jobs waiting or running
     */
    public JobStatus create(SpeechRequest settings, List<ChapterText> chapters, String owner) {
        if (closed) throw HlasException.unavailable("The server is shutting down; retry on another instance.");
        sweep();
        if (chapters.isEmpty()) throw HlasException.invalid("chapters", "'chapters' must not be empty.");
        String param = chapters.size() == 1 && chapters.getFirst().title() == null ? "input" : "chapters";
        if (settings.streamFormat() != StreamFormat.AUDIO) {
            throw HlasException.invalid("stream_format", "A job renders a file: 'stream_format' must be 'audio'.");
        }
        if ("ssml".equals(settings.inputFormat())) {
            throw HlasException.invalid("input_format", "Jobs take plain text: 'input_format' must be 'text'.");
        }
        long characters = 0;
        for (ChapterText c : chapters) {
            if (c.input() == null || c.input().isBlank()) {
                throw HlasException.invalid(param, "'" + param + "' must not contain an empty text.");
            }
            if (c.input().stripLeading().startsWith("<speak")) {
                throw HlasException.invalid("input_format", "Jobs take plain text, not SSML.");
            }
            characters += c.input().codePointCount(0, c.input().length());
        }
        if (characters > config.maxChars()) {
            throw HlasException.invalid(param, "string_above_max_length", "The job's text is " + characters
                    + " characters long; the maximum is " + config.maxChars() + ".");
        }
        checkLimit(owner);
        List<Segment> segments = new ArrayList<>();
        Set<String> voices = new LinkedHashSet<>();
        Set<String> engines = new LinkedHashSet<>();
        int rate = 0;
        JobSettings stored = JobSettings.of(settings);
        for (int c = 0; c < chapters.size(); c++) {
            SpeechPlan plan = pipeline.speech().plan(stored.piece(chapters.get(c).input(), null,
                    Encoders.PCM_DEFAULT_RATE));
            if (rate == 0) {
                rate = Encoders.outputRate(settings.format(), settings.sampleRate(), plan.nativeSampleRate());
            }
            voices.addAll(plan.voiceIds());
            plan.sentences().forEach(p -> engines.add(p.voice().engine().id()));
            segments.addAll(cut(c, chapters.get(c).input(), plan.sentences()));
        }
        String id = "job_" + HexFormat.of().formatHex(randomBytes());
        JobFile file = new JobFile(id, owner, System.currentTimeMillis() / 1000, JobState.QUEUED.wireName(),
                stored, rate, String.join(",", voices), String.join(",", engines),
                chapters.stream().map(ChapterText::title).toList(), segments.size(), characters, null, null);
        Path staging = root.resolve("." + id + ".creating");
        try {
            Files.createDirectories(staging.resolve("pieces"));
            writeDurably(staging.resolve("segments.json"), JSON.writeValueAsBytes(segments));
            writeDurably(staging.resolve("job.json"), JSON.writeValueAsBytes(file));
            move(staging, root.resolve(id));
        } catch (IOException e) {
            deleteTree(staging);
            throw HlasException.internal("cannot store the job", e);
        }
        Job job = new Job(file, root.resolve(id), segments);
        synchronized (jobs) {
            try {
                checkLimit(owner); // again: another request of this owner may have been accepted meanwhile
            } catch (HlasException e) {
                deleteTree(root.resolve(id));
                throw e;
            }
            jobs.put(id, job);
        }
        queue.add(job);
        return job.status();
    }

    private void checkLimit(String owner) {
        synchronized (jobs) {
            long active = jobs.values().stream()
                    .filter(j -> j.file.owner().equals(owner) && !j.file.state().finished()).count();
            if (active >= config.maxPerKey()) {
                throw HlasException.busy("Too many jobs: " + active + " of at most " + config.maxPerKey()
                        + " are waiting or running for this key. Wait for one to finish or delete one.", 30);
            }
        }
    }

    /** Whether the service has been closed (the server is stopping). */
    public boolean closed() {
        return closed;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * The text of each planned sentence as the user wrote it: from its first character to the next sentence's first
     * (the last to the end), so no character of the text is lost between pieces.
     */
    static List<Segment> cut(int chapter, String text, List<PlannedSentence> sentences) {
        List<Segment> out = new ArrayList<>();
        int from = 0; // whatever precedes the first sentence goes with it
        String language = null;
        for (PlannedSentence p : sentences) {
            int start = p.sentence().start();
            if (language != null && start > from) {
                out.add(new Segment(chapter, text.substring(from, start), language));
                from = start;
            }
            if (language == null || start >= from) language = p.sentence().language();
        }
        if (language != null && from < text.length()) out.add(new Segment(chapter, text.substring(from), language));
        return out;
    }

    // ------------------------------------------------------------------------------------------------------ reading

    /** @throws HlasException 404 when there is no such job for {@code owner} */
    public JobStatus status(String id, String owner) {
        return find(id, owner).status();
    }

    /** The owner's jobs, newest first. */
    public List<JobStatus> list(String owner) {
        sweep();
        return jobs.values().stream().filter(j -> j.file.owner().equals(owner))
                .sorted(Comparator.comparingLong((Job j) -> j.file.createdAt()).reversed()
                        .thenComparing(j -> j.file.id()))
                .map(Job::status).toList();
    }

    /**
     * The finished file, or one chapter of it (encoded on first request and kept).
     *
     * @param chapter the chapter's index (0-based), or null for the whole text
     * @throws HlasException 404 for no such job or chapter, 400 when the job is not completed
     */
    public Path content(String id, String owner, Integer chapter) {
        Job job = find(id, owner);
        if (job.file.state() != JobState.COMPLETED) {
            throw HlasException.invalid("id", "job_not_completed", "Job " + id + " is " + job.file.status()
                    + " (" + job.done.get() + "/" + job.segments.size() + " sentences); its audio is available when "
                    + "it is completed.");
        }
        AudioFormat format = job.file.settings().audioFormat();
        if (chapter == null) return job.dir.resolve("content." + format.wireName());
        if (chapter < 0 || chapter >= job.file.chapters().size()) {
            throw HlasException.notFound("chapter", "Job " + id + " has no chapter " + chapter + " (it has "
                    + job.file.chapters().size() + ", numbered from 0).");
        }
        Path file = job.dir.resolve("chapter-" + chapter + "." + format.wireName());
        synchronized (job) {
            if (!Files.exists(file)) {
                try {
                    encode(job, file, chapter);
                } catch (IOException e) {
                    throw HlasException.internal("cannot encode chapter " + chapter + " of " + id, e);
                }
            }
        }
        return file;
    }

    /** When each sentence is heard in the finished file. @throws HlasException as {@link #content} */
    public List<SentenceMark> marks(String id, String owner) {
        Job job = find(id, owner);
        if (job.file.state() != JobState.COMPLETED) content(id, owner, null); // the same 400
        List<SentenceMark> marks = new ArrayList<>();
        double at = 0;
        for (int i = 0; i < job.segments.size(); i++) {
            double seconds = job.pieceSamples(i) / (double) job.file.sampleRate();
            Segment s = job.segments.get(i);
            marks.add(new SentenceMark(s.chapter(), s.text().strip(), at, at + seconds));
            at += seconds;
        }
        return marks;
    }

    /**
     * Cancels a job and deletes it with its files.
     *
     * @throws HlasException 404 when there is no such job for {@code owner}
     */
    public JobStatus delete(String id, String owner) {
        Job job = find(id, owner);
        job.cancelled = true;
        jobs.remove(id);
        queue.remove(job);
        SpeechResponse current = job.current;
        if (current != null) current.cancel();
        synchronized (job) {
            if (!job.rendering) deleteTree(job.dir);
        }
        JobStatus s = job.status();
        return new JobStatus(s.id(), JobState.CANCELLED, s.createdAt(), System.currentTimeMillis() / 1000,
                s.format(), s.voice(), s.sampleRate(), s.characters(), s.sentencesTotal(), s.sentencesDone(),
                s.charactersDone(), s.audioSeconds(), null, s.chapters(), null);
    }

    private Job find(String id, String owner) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null || !job.file.owner().equals(owner)) {
            throw HlasException.notFound("id", "No job with id '" + id + "'.");
        }
        return job;
    }

    // ------------------------------------------------------------------------------------------------------ workers

    private void work() {
        while (!closed) {
            Job job;
            try {
                job = queue.poll(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                sweep(); // expired jobs go even when nobody creates or lists any
                continue;
            }
            synchronized (job) {
                if (job.cancelled) continue;
                job.rendering = true;
            }
            try {
                render(job);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                if (!closed && !job.cancelled) {
                    log.error("job {} failed", job.file.id(), e);
                    String message = e instanceof HlasException h ? h.getMessage() : "internal error: " + e;
                    persist(job, JobState.FAILED, message);
                }
            } finally {
                synchronized (job) {
                    job.rendering = false;
                    if (job.cancelled) deleteTree(job.dir);
                }
            }
        }
    }

    private void render(Job job) throws InterruptedException, IOException {
        persist(job, JobState.RUNNING, null);
        job.runStartNanos = System.nanoTime();
        job.charsAtRunStart = job.charsDone;
        for (int i = job.done.get(); i < job.segments.size(); i++) {
            if (stopped(job)) return;
            if (!renderPiece(job, i)) return;
            job.charsDone += job.segments.get(i).characters();
            job.samplesDone += job.pieceSamples(i);
            job.done.incrementAndGet();
        }
        Path content = job.dir.resolve("content." + job.file.settings().audioFormat().wireName());
        encode(job, content, null);
        if (stopped(job)) return;
        persist(job, JobState.COMPLETED, null);
        if (usage != null) {
            usage.record(job.file.owner(), ENDPOINT, job.file.voices(), job.file.engines(), job.file.characters(),
                    job.samplesDone / (double) job.file.sampleRate());
        }
    }

    private boolean stopped(Job job) {
        return closed || job.cancelled;
    }

    /** Renders piece {@code i}; false when the job was stopped meanwhile (nothing is kept then). */
    private boolean renderPiece(Job job, int i) throws InterruptedException, IOException {
        Segment segment = job.segments.get(i);
        SpeechRequest request = job.file.settings().piece(segment.text(), segment.language(), job.file.sampleRate());
        Path piece = job.piece(i);
        Path part = piece.resolveSibling("." + piece.getFileName() + ".part");
        long backoff = 50;
        while (true) {
            awaitFreeWorker(job, request);
            if (stopped(job)) return false;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 SpeechResponse response = pipeline.open(request, PIECE_OPTIONS)) {
                job.current = response;
                if (stopped(job)) response.cancel();
                OutputStream out = Channels.newOutputStream(channel);
                byte[] bytes;
                while ((bytes = response.next()) != null) out.write(bytes);
                channel.force(false); // on disk before it is renamed into place: a piece that exists is whole
            } catch (Busy e) {
                Files.deleteIfExists(part);
                Thread.sleep(backoff);
                backoff = Math.min(2000, backoff * 2);
                continue;
            } catch (ClientGone e) {
                Files.deleteIfExists(part);
                return false;
            } catch (InvalidRequest e) {
                if (!e.getMessage().contains("no speakable text")) throw e;
                Files.write(part, new byte[0]); // punctuation only: a piece without audio
            } finally {
                job.current = null;
            }
            if (stopped(job)) {
                Files.deleteIfExists(part);
                return false;
            }
            move(part, piece);
            piecesRendered.incrementAndGet();
            return true;
        }
    }

    /**
     * Waits until every engine the piece would use has a worker free, so the job's sentence never makes an
     * interactive request wait in the queue.
     */
    private void awaitFreeWorker(Job job, SpeechRequest request) throws InterruptedException {
        Set<String> engines = new LinkedHashSet<>();
        try {
            for (PlannedSentence s : pipeline.speech().plan(request).sentences()) engines.add(s.voice().engine().id());
        } catch (HlasException e) {
            return; // the open that follows reports it
        }
        EngineScheduler scheduler = pipeline.speech().scheduler();
        while (!stopped(job)) {
            Map<String, EngineScheduler.EngineLoad> load = scheduler.load();
            boolean free = engines.stream().map(load::get)
                    .allMatch(l -> l == null || l.admitted() < l.workers());
            if (free) return;
            Thread.sleep(5);
        }
    }

    /** Encodes the pieces (all, or one chapter's) into {@code target}: a temporary file, then an atomic move. */
    private void encode(Job job, Path target, Integer chapter) throws IOException {
        AudioFormat format = job.file.settings().audioFormat();
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        long samples = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
            samples = FileEncoder.encode(format, job.file.sampleRate(), out, i -> chapter == null
                    || job.segments.get(i).chapter() == chapter, job.segments.size(), job::piece);
        }
        Path finished = FileEncoder.finishHeaders(format, part, samples);
        try (FileChannel channel = FileChannel.open(finished, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        move(finished, target);
    }

    // ------------------------------------------------------------------------------------------------- persistence

    private void persist(Job job, JobState state, String error) {
        Long finished = state.finished() ? System.currentTimeMillis() / 1000 : null;
        JobFile next = job.file.with(state, error, finished);
        synchronized (job) {
            if (job.cancelled) return;
            try {
                Path tmp = job.dir.resolve(".job.json.part");
                writeDurably(tmp, JSON.writeValueAsBytes(next));
                move(tmp, job.dir.resolve("job.json"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the state of job " + job.file.id(), e);
            }
            job.file = next;
        }
    }

    private void load() {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".")) {
                    deleteTree(dir); // a creation that never finished: it was never accepted
                    continue;
                }
                try {
                    JobFile file = JSON.readValue(dir.resolve("job.json").toFile(), JobFile.class);
                    List<Segment> segments = JSON.readValue(dir.resolve("segments.json").toFile(),
                            new TypeReference<List<Segment>>() { });
                    Job job = new Job(file, dir, segments);
                    try (Stream<Path> parts = Files.list(dir.resolve("pieces"))) {
                        for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".part")).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                    while (job.done.get() < segments.size() && Files.exists(job.piece(job.done.get()))) {
                        int i = job.done.get();
                        job.charsDone += segments.get(i).characters();
                        job.samplesDone += job.pieceSamples(i);
                        job.done.incrementAndGet();
                    }
                    jobs.put(file.id(), job);
                    boolean whole = Files.exists(dir.resolve("content." + file.settings().audioFormat().wireName()));
                    if (!file.state().finished() || file.state() == JobState.COMPLETED && !whole) {
                        job.file = file.with(JobState.QUEUED, null, null);
                        queue.add(job);
                        log.info("job {} resumes at sentence {}/{}", file.id(), job.done.get(), segments.size());
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("ignoring unreadable job directory {}: {}", dir, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jobs under " + root, e);
        }
        sweep();
    }

    /** Deletes finished jobs older than the TTL. */
    private synchronized void sweep() {
        long now = System.currentTimeMillis() / 1000;
        for (Job job : List.copyOf(jobs.values())) {
            Long finished = job.file.finishedAt();
            if (finished != null && job.file.state().finished() && now - finished > config.ttl().toSeconds()) {
                jobs.remove(job.file.id());
                deleteTree(job.dir);
            }
        }
    }

    /** Writes {@code bytes} to {@code file} and waits until they are on the disk. */
    static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    /**
     * Stops the workers: the sentence being rendered is dropped (it is rendered again on the next start), every
     * finished sentence stays on disk, and unfinished jobs stay queued or running in their {@code job.json}.
     */
    @Override
    public void close() {
        closed = true;
        for (Job job : jobs.values()) {
            SpeechResponse current = job.current;
            if (current != null) current.cancel();
        }
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                if (!t.join(Duration.ofSeconds(10))) log.warn("job worker {} did not stop in time", t.getName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One job in memory. */
    private final class Job {
        volatile JobFile file;
        final Path dir;
        final List<Segment> segments;
        final AtomicInteger done = new AtomicInteger();
        volatile long charsDone;
        volatile long samplesDone;
        volatile SpeechResponse current;
        volatile boolean cancelled;
        boolean rendering;
        volatile long runStartNanos;
        volatile long charsAtRunStart;

        /** Samples of each piece on disk (-1 = not rendered yet), so a status never reads the directory. */
        final long[] samples;

        Job(JobFile file, Path dir, List<Segment> segments) {
            this.file = file;
            this.dir = dir;
            this.segments = List.copyOf(segments);
            this.samples = new long[segments.size()];
            Arrays.fill(samples, -1);
        }

        Path piece(int i) {
            return dir.resolve("pieces").resolve(String.format("%06d.pcm", i));
        }

        long pieceSamples(int i) {
            long known = samples[i];
            if (known >= 0) return known;
            try {
                long n = Files.size(piece(i)) / 2;
                samples[i] = n;
                return n;
            } catch (IOException e) {
                return 0;
            }
        }

        JobStatus status() {
            JobFile f = file;
            int doneNow = done.get();
            double seconds = samplesDone / (double) f.sampleRate();
            Double eta = null;
            long rendered = charsDone - charsAtRunStart;
            if (f.state() == JobState.RUNNING && rendered > 0) {
                double elapsed = (System.nanoTime() - runStartNanos) / 1e9;
                eta = Math.round((f.characters() - charsDone) * elapsed / rendered * 10) / 10.0;
            } else if (f.state() == JobState.COMPLETED) {
                eta = 0.0;
            }
            return new JobStatus(f.id(), f.state(), f.createdAt(), f.finishedAt(), f.settings().format(),
                    f.settings().voice(), f.sampleRate(), f.characters(), segments.size(), doneNow, charsDone,
                    seconds, eta, chapters(doneNow), f.error());
        }

        private List<JobStatus.Chapter> chapters(int doneNow) {
            List<JobStatus.Chapter> out = new ArrayList<>();
            double at = 0;
            boolean known = true;
            int i = 0;
            for (int c = 0; c < file.chapters().size(); c++) {
                Double start = known ? at : null;
                int count = 0;
                double length = 0;
                for (; i < segments.size() && segments.get(i).chapter() == c; i++) {
                    count++;
                    if (i < doneNow) {
                        length += pieceSamples(i) / (double) file.sampleRate();
                    } else {
                        known = false;
                    }
                }
                out.add(new JobStatus.Chapter(c, file.chapters().get(c), count, start, known ? length : null));
                at += length;
            }
            return out;
        }
    }
}
