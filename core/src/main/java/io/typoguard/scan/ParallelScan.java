package io.typoguard.scan;

import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Feeds a {@link Scanner} with every core parsing: a reader thread cuts the input into chunks of whole lines,
 * a pool of workers parses the chunks (each worker with its own {@link MailLogParser}, which is not
 * thread-safe) and has the detector judge the domains they name (the detector is safe for many readers; each
 * worker keeps the verdicts it has seen), and the calling thread hands the outcomes to the scanner in line
 * order, so correlation and detection see exactly what a single-threaded scan would. Parsing is most of the cost of a line, so it is
 * what runs in parallel; correlation joins lines of one message across the whole file and stays in one thread.
 *
 * <p>Parsers that remember a header (an Exchange tracking log's {@code #Fields:} line, a message trace CSV's
 * {@code "Received",...} line) get the header in effect at the start of each chunk before its lines, so a
 * worker that did not see the previous chunk reads the columns right.
 *
 * <p>Written by hand because no library here splits a stream into ordered, parallel stages at this cost; the
 * JDK's executors and queues do the concurrency. {@code ParallelScanTest} checks that it gives the same
 * findings and counts as the plain {@link Scanner#line} loop.
 */
public final class ParallelScan implements AutoCloseable {
    /** Bytes per chunk: big enough to keep the queue hand-offs rare, small enough to keep every worker busy. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Lines longer than this are not kept, only counted as over-long (as {@code typoguard scan} always did). */
    static final int MAX_LINE = 1 << 20;

    private final Scanner scanner;
    private final ThreadLocal<MailLogParser> parsers;
    private final ThreadLocal<Map<String, Verdict>> verdictCaches;
    private final ExecutorService workers;
    private final int inFlight;

    /**
     * @param threads parsing threads (the number of cores is a good start)
     */
    public ParallelScan(Scanner scanner, Supplier<MailLogParser> parsers, int threads) {
        this.scanner = scanner;
        this.parsers = ThreadLocal.withInitial(parsers);
        this.verdictCaches = ThreadLocal.withInitial(HashMap::new);
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "typoguard-scan-parser");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = 2 * Math.max(1, threads) + 2;
    }

    /** A chunk of whole lines: line i is {@code data[start[i], end[i])}; end -1 marks an over-long line. */
    private record Chunk(byte[] data, int[] start, int[] end, int lines, byte[] header) {
    }

    /**
     * {@code keys}: the correlation keys (hashed) of the chunk's fragments in line order, one array for the whole chunk;
     * line i's start at {@code keyStart[i]}.
     */
    private record Parsed(ParseOutcome[] outcomes, String[] shapes, int lines, Map<String, Verdict> verdicts, String[] keys,
                          int[] keyStart) {
    }

    /** Verdicts a worker already has, reused across its chunks (mail goes to the same domains again and again). */
    private static final int VERDICT_CACHE = 100_000;

    /**
     * Reads every line of {@code in} (split at '\n', a '\r' before it dropped), parses in parallel and hands the
     * outcomes to the scanner under {@code name}, in order. {@code progress} gets the number of lines done so far.
     */
    public void file(String name, InputStream in, String host, LongConsumer progress) throws IOException {
        scanner.file(name);
        BlockingQueue<Future<Parsed>> queue = new ArrayBlockingQueue<>(inFlight);
        CompletableFuture<Parsed> end = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(in, host, queue, end), "typoguard-scan-reader");
        reader.setDaemon(true);
        reader.start();
        long done = 0;
        try {
            while (true) {
                Future<Parsed> next = queue.take();
                if (next == end) {
                    end.get(); // rethrows a read error
                    break;
                }
                Parsed p = next.get();
                for (int i = 0; i < p.lines(); i++) {
                    scanner.outcome(p.outcomes()[i], p.shapes()[i], p.verdicts(), p.keys(), p.keyStart()[i]);
                }
                done += p.lines();
                progress.accept(done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.interrupt();
            throw new IOException("scan interrupted", e);
        } catch (ExecutionException e) {
            reader.interrupt();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
        }
    }

    private void read(InputStream in, String host, BlockingQueue<Future<Parsed>> queue, CompletableFuture<Parsed> end) {
        try {
            byte[] buf = new byte[CHUNK_BYTES];
            int filled = 0;
            boolean skipping = false; // inside an over-long line, dropping bytes up to its end
            byte[] header = null;
            for (int n; (n = in.read(buf, filled, buf.length - filled)) > 0 || filled > 0; ) {
                int len = filled + Math.max(n, 0);
                boolean eof = n <= 0;
                int cut = lastNewline(buf, len);
                if (cut < 0 && !eof) {
                    if (len < buf.length) {
                        filled = len;
                        continue;
                    }
                    // a whole buffer without a newline: an over-long line (or its middle)
                    if (!skipping) {
                        queue.put(workers.submit(() -> overlong()));
                    }
                    skipping = true;
                    filled = 0;
                    continue;
                }
                int chunkEnd = eof ? len : cut + 1;
                Chunk chunk = split(buf, chunkEnd, skipping, header);
                skipping = false;
                header = lastHeader(chunk, header);
                byte[] rest = new byte[CHUNK_BYTES];
                System.arraycopy(buf, chunkEnd, rest, 0, len - chunkEnd);
                filled = len - chunkEnd;
                Chunk c = chunk;
                queue.put(workers.submit(() -> parse(c, host)));
                buf = rest;
                if (eof) {
                    break;
                }
            }
            end.complete(null);
            queue.put(end);
        } catch (IOException e) {
            end.completeExceptionally(e);
            putQuietly(queue, end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            end.completeExceptionally(e);
            putQuietly(queue, end);
        }
    }

    private static void putQuietly(BlockingQueue<Future<Parsed>> queue, Future<Parsed> f) {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int lastNewline(byte[] buf, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The lines of {@code buf[0, len)}; when {@code skipFirst}, the first line is the end of an over-long one. */
    private static Chunk split(byte[] buf, int len, boolean skipFirst, byte[] header) {
        int[] start = new int[1024];
        int[] end = new int[1024];
        int lines = 0;
        int from = 0;
        boolean first = true;
        for (int i = 0; i <= len; i++) {
            if (i == len ? i > from : buf[i] == '\n') {
                if (first && skipFirst) {
                    first = false;
                    from = i + 1;
                    continue;
                }
                first = false;
                if (lines == start.length) {
                    start = Arrays.copyOf(start, lines * 2);
                    end = Arrays.copyOf(end, lines * 2);
                }
                int e = i > from && buf[i - 1] == '\r' ? i - 1 : i;
                start[lines] = from;
                end[lines] = e;
                lines++;
                from = i + 1;
            }
        }
        return new Chunk(buf, start, end, lines, header);
    }

    /** The last header line of the chunk, or the one in effect before it. */
    private static byte[] lastHeader(Chunk c, byte[] before) {
        byte[] header = before;
        for (int i = 0; i < c.lines(); i++) {
            if (isHeader(c.data(), c.start()[i], c.end()[i])) {
                header = Arrays.copyOfRange(c.data(), c.start()[i], c.end()[i]);
            }
        }
        return header;
    }

    /** An Exchange {@code #Fields:} line or a message trace CSV header ({@code "Received",...} or {@code Received,...}). */
    static boolean isHeader(byte[] b, int from, int to) {
        return startsWith(b, from, to, "#Fields:") || startsWith(b, from, to, "\"Received\",") || startsWith(b, from, to, "Received,");
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private Parsed parse(Chunk c, String host) {
        MailLogParser parser = parsers.get();
        if (c.header() != null) {
            parser.parse(c.header(), host); // the columns in effect where this chunk starts
        }
        ParseOutcome[] outcomes = new ParseOutcome[c.lines()];
        String[] shapes = new String[c.lines()];
        String[] keys = new String[c.lines()]; // most lines carry at most one fragment
        int[] keyStart = new int[c.lines()];
        int nKeys = 0;
        Map<String, Verdict> cache = verdictCaches.get();
        if (cache.size() > VERDICT_CACHE) {
            cache.clear();
        }
        Map<String, Verdict> verdicts = new HashMap<>();
        for (int i = 0; i < c.lines(); i++) {
            int from = c.start()[i];
            int len = c.end()[i] - from;
            ParseOutcome o = parser.parse(c.data(), from, len, host);
            outcomes[i] = o;
            keyStart[i] = nKeys;
            if (o instanceof ParseOutcome.Failure) {
                shapes[i] = Scanner.shape(c.data(), from, len);
            } else if (o instanceof ParseOutcome.Deliveries d) {
                for (Delivery x : d.deliveries()) {
                    check(x, cache, verdicts);
                }
            } else if (o instanceof ParseOutcome.Fragment f) {
                if (nKeys == keys.length) {
                    keys = Arrays.copyOf(keys, 2 * keys.length);
                }
                keys[nKeys++] = key(f.fragment());
                if (f.fragment().kind() == QueueFragment.Kind.DELIVERY) {
                    check(f.fragment().delivery(), cache, verdicts);
                }
            } else if (o instanceof ParseOutcome.Fragments fs) {
                for (QueueFragment x : fs.fragments()) {
                    if (nKeys == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * keys.length);
                    }
                    keys[nKeys++] = key(x);
                    check(x.delivery(), cache, verdicts);
                }
            }
        }
        return new Parsed(outcomes, shapes, c.lines(), verdicts, keys, keyStart);
    }

    /** The fragment's correlation key, hashed here: the string keeps its hash, so the scanner's lookups do not compute it. */
    private static String key(QueueFragment f) {
        String key = f.correlationKey();
        key.hashCode();
        return key;
    }

    /** The verdicts on a delivery's domain and on its original address's, into {@code verdicts}. */
    private void check(Delivery d, Map<String, Verdict> cache, Map<String, Verdict> verdicts) {
        if (d == null) {
            return;
        }
        verdict(d.recipientDomain(), cache, verdicts);
        if (d.originalRecipient() != null) {
            String original = Addresses.originalDomain(d.originalRecipient(), d.recipientDomain());
            if (original != null) {
                verdict(original, cache, verdicts);
            }
        }
    }

    private void verdict(String domain, Map<String, Verdict> cache, Map<String, Verdict> verdicts) {
        if (verdicts.containsKey(domain)) {
            return;
        }
        Verdict v = cache.get(domain);
        if (v == null) {
            v = scanner.detector().check(domain);
            cache.put(domain, v);
        }
        verdicts.put(domain, v);
    }

    private static Parsed overlong() {
        return new Parsed(new ParseOutcome[] {new ParseOutcome.Failure("record of more than " + MAX_LINE + " bytes")},
                new String[] {"(over-long line)"}, 1, Map.of(), null, new int[1]);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
