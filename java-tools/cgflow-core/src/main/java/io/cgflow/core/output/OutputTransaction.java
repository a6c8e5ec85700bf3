package io.cgflow.core.output;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of output files that appear together or not at all. Each file is written under a hidden
 * temporary name in its target folder ({@link #stage}); {@link #commit} renames them all into place;
 * closing an uncommitted transaction deletes every staged file, and the folders staging created when they are
 * empty again. A failed run therefore never leaves a file that looks finished (a kill between two renames can leave
 * some of the finished files).
 *
 * <p>Temporary names carry the process id: {@code .NAME.tmp-PID-TAG}. SIGTERM and SIGINT run a shutdown
 * hook that deletes the temporaries of every open transaction (the JVM then exits with 143 or 130); the
 * temporaries a kill -9 leaves behind are swept by the next run that commits the same output name, once
 * the process that made them is gone. Files of an earlier run in a family this run owns
 * ({@link #sweepOnCommit}: the shards of a trajectory, the tables of a folder) are removed after the renames,
 * so a successful run leaves exactly its own outputs.
 *
 * <p>A target that is a symbolic link to a file is resolved as the kernel resolves it: the file it points to is
 * replaced (by a rename in its own folder) and the link stays. A target that exists and is not a file — a device such
 * as {@code /dev/null}, a named pipe, a socket, or a descriptor of the process ({@code /dev/stdout}) — is refused
 * ({@link #destination}): it cannot be replaced by a rename, and writing into it would not be all or nothing (a pipe
 * without a reader would block the run).
 */
public final class OutputTransaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputTransaction.class);
    private static final long PID = ProcessHandle.current().pid();
    /** {@code .NAME.tmp-PID-TAG} (or the older {@code .NAME.tmp-TAG}, without a process id). */
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.tmp-(?:(\\d+)-)?[0-9a-f]{8}");
    private static final Set<OutputTransaction> OPEN = ConcurrentHashMap.newKeySet();
    /** Deletion passes of the shutdown hook over the open transactions' temporaries, and the pause between them. */
    private static final int ABORT_PASSES = 3;
    private static final long ABORT_PASS_MILLIS = 40;
    /**
     * The folders staging created in this process. An aborted transaction removes those that are empty (a folder is
     * not deleted while it has files), whichever transaction created them: several transactions of one run may write
     * into one new folder, and the last to abort finds it empty.
     */
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputTransaction::abortAll, "cgflow-output-cleanup"));
    }

    /** Final path → temporary, in staging order; synchronized, as the shutdown hook reads it from its own thread. */
    private final Map<Path, Path> staged = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** Where a staged file goes when that is not its target itself: the file a symbolic link points to. */
    private final Map<Path, Path> destinations = new LinkedHashMap<>();
    private final List<Sweep> sweeps = new ArrayList<>();
    /**
     * Eight hex digits telling this process's transactions apart (the process id tells processes apart). Not a
     * random UUID: its SecureRandom costs a cold JVM about 13 ms of start-up.
     */
    private final String tag = Long.toHexString(0x1_0000_0000L | ThreadLocalRandom.current().nextInt() & 0xffff_ffffL)
        .substring(1);
    private boolean committed;
    private volatile boolean aborted;

    public OutputTransaction() {
        OPEN.add(this);
    }

    /**
     * The temporary path to write {@code target} to. Parent folders are created and the temporary file is
     * created empty, so that an output location that cannot be written fails here, before any work, with an
     * {@link InputException} (exit 2) that names it.
     */
    public synchronized Path stage(Path target) {
        if (committed) {
            throw new IllegalStateException("transaction already committed");
        }
        if (aborted) {
            throw new IllegalStateException("transaction aborted: the process is shutting down");
        }
        Path absolute = target.toAbsolutePath().normalize();
        if (staged.containsKey(absolute)) {
            throw new IllegalArgumentException("output staged twice: " + target);
        }
        Path destination = destination(target);
        if (!destination.equals(absolute)) {
            destinations.put(absolute, destination);
        }
        Path temp = destination.resolveSibling("." + destination.getFileName() + ".tmp-" + PID + "-" + tag);
        // the folders this creates, deepest first: an aborted transaction removes them again when they stay empty
        for (Path f = destination.getParent(); f != null && !Files.exists(f); f = f.getParent()) {
            CREATED.add(f);
        }
        try {
            Files.createDirectories(destination.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new InputException("cannot write output " + target + ": " + e.getFile() + " is a file, not a folder");
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot write output " + target + ": " + reason(e));
        }
        // known before it exists, so that the shutdown hook finds every temporary on disk; and checked after: a hook
        // that ran in between saw nothing to delete
        staged.put(absolute, temp);
        try {
            Files.createFile(temp);
        } catch (FileAlreadyExistsException e) {
            staged.remove(absolute);
            throw new IllegalStateException("temporary file exists already: " + temp, e);
        } catch (IOException | SecurityException e) {
            staged.remove(absolute);
            throw new InputException("cannot write output " + target + ": " + reason(e));
        }
        if (aborted || Files.isDirectory(absolute)) {
            staged.remove(absolute);
            deleteQuietly(temp);
            throw aborted ? new IllegalStateException("transaction aborted: the process is shutting down")
                : new InputException("cannot write output " + target + ": it is a folder");
        }
        return temp;
    }

    /**
     * The file an output {@code target} replaces: the target itself (absolute, normalised), or, for a symbolic link to
     * an existing file, that file as the kernel resolves the link. An {@link InputException} (exit 2) for a target
     * that exists and is not a file or a folder, or a link to a descriptor of the process (/proc, /dev): a device, a
     * pipe or a socket cannot be replaced atomically. A dangling link is replaced by the file.
     */
    public static Path destination(Path target) {
        return destination(target, target.toString());
    }

    /** As {@link #destination(Path)}, the target named {@code label} in messages (e.g. with its option). */
    static Path destination(Path target, String label) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw notAFile(label);
        }
        if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) {
            try {
                // a descriptor of the process (/dev/stdout → /proc/self/fd/1 → the file or pipe stdout goes to):
                // replacing what it resolves to would replace a file the shell opened, e.g. with >>
                Path p = absolute;
                for (int hops = 0; !descriptor(p); hops++) {
                    if (hops == 40 || !Files.isSymbolicLink(p)) {
                        return absolute.toRealPath();
                    }
                    p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
                }
                throw notAFile(label);
            } catch (IOException | SecurityException e) {
                throw new InputException("cannot write output " + label + ": cannot resolve the link: " + reason(e));
            }
        }
        return absolute;
    }

    private static boolean descriptor(Path p) {
        return p.startsWith("/proc") || p.startsWith("/dev/fd") || p.toString().matches("/dev/std(in|out|err)");
    }

    private static InputException notAFile(String label) {
        return new InputException("cannot write output " + label + ": it is not a file (a device, a pipe, a socket or"
            + " a descriptor such as /dev/stdout); outputs are written whole and renamed into place: give a file name");
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder (" + e.getMessage() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Gives a staged file another final name (the temporary file stays where it is). */
    public synchronized void retarget(Path oldTarget, Path newTarget) {
        Path absolute = newTarget.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new InputException("cannot write output " + newTarget + ": it is a folder");
        }
        Path old = oldTarget.toAbsolutePath().normalize();
        Path temp = staged.remove(old);
        if (temp == null) {
            throw new IllegalArgumentException("not staged: " + oldTarget);
        }
        destinations.remove(old);
        Path destination;
        try {
            destination = destination(newTarget);
        } catch (InputException e) {
            staged.put(old, temp);
            throw e;
        }
        if (!destination.equals(absolute)) {
            destinations.put(absolute, destination);
        }
        staged.put(absolute, temp);
    }

    /**
     * Declares that this run owns every file in {@code folder} whose name {@code names} accepts (the shards of
     * a trajectory, the tables of a folder): on a successful commit, such files that this run did not write
     * are deleted as stale, and so are their temporaries left by processes that are gone.
     */
    public synchronized void sweepOnCommit(Path folder, Predicate<String> names) {
        sweeps.add(new Sweep(folder.toAbsolutePath().normalize(), names));
    }

    private record Sweep(Path folder, Predicate<String> names) {
    }

    /** The final paths staged so far, in order. */
    public synchronized List<Path> targets() {
        return List.copyOf(staged.keySet());
    }

    /**
     * Moves every staged file to its final name, deletes the stale files of the families declared with
     * {@link #sweepOnCommit}, and sweeps temporaries of the same names left by dead processes.
     */
    public synchronized void commit() {
        if (aborted) {
            throw new IllegalStateException("transaction aborted: the process is shutting down");
        }
        try {
            // everything that can be checked is checked before the first rename, so that a failure leaves the
            // previous outputs as they were rather than some replaced and some not
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                if (!Files.exists(e.getValue())) {
                    throw new IllegalStateException("staged output was never written: " + e.getKey());
                }
                if (Files.isDirectory(e.getKey())) {
                    throw new InputException("cannot write output " + e.getKey() + ": it is a folder");
                }
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                move(e.getValue(), destinations.getOrDefault(e.getKey(), e.getKey()));
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move outputs into place", e);
        } finally {
            if (committed) {
                OPEN.remove(this);
            }
        }
        for (Sweep sweep : sweeps) {
            sweep(sweep.folder(), name -> sweep.names().test(name) && !staged.containsKey(sweep.folder().resolve(name)),
                sweep.names());
        }
        Map<Path, Set<String>> namesByFolder = new LinkedHashMap<>();
        for (Path given : staged.keySet()) {
            Path t = destinations.getOrDefault(given, given);
            namesByFolder.computeIfAbsent(t.getParent(), k -> new LinkedHashSet<>()).add(t.getFileName().toString());
        }
        namesByFolder.forEach((folder, names) -> sweep(folder, name -> false, names::contains));
    }

    /**
     * Renames {@code from} to {@code to}, atomically. A temporary staged in another folder than its destination's (a
     * retargeted trajectory whose name is a link into another folder) first moves beside the destination under its
     * temporary name (a copy across file systems), so that the replacing itself stays one rename.
     */
    private static void move(Path from, Path to) throws IOException {
        if (!from.getParent().equals(to.getParent())) {
            Path near = to.resolveSibling(from.getFileName());
            Files.move(from, near, StandardCopyOption.REPLACE_EXISTING);
            from = near;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * In {@code folder}, deletes the files whose names {@code stale} accepts, and the temporaries
     * {@code .NAME.tmp-PID-TAG} of names {@code temporaryOf} accepts whose process is no longer running (killed
     * runs) or that carry no process id (older runs).
     */
    private static void sweep(Path folder, Predicate<String> stale, Predicate<String> temporaryOf) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                Matcher m = TEMP.matcher(name);
                if (m.matches()) {
                    if (temporaryOf.test(m.group(1)) && (m.group(2) == null || !alive(Long.parseLong(m.group(2))))) {
                        LOG.debug("removing stale temporary {}", p);
                        deleteQuietly(p);
                    }
                } else if (stale.test(name) && Files.isRegularFile(p)) {
                    LOG.debug("removing stale output {}", p);
                    deleteQuietly(p);
                }
            }
        } catch (IOException | RuntimeException ex) {
            LOG.debug("could not sweep {}: {}", folder, ex.toString());
        }
    }

    private static boolean alive(long pid) {
        if (pid == PID) {
            return true;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() {
        abort();
    }

    /** Deletes every staged temporary unless committed. */
    private void abort() {
        List<Path> temps;
        synchronized (this) {
            if (committed) {
                return;
            }
            aborted = true;
            temps = new ArrayList<>(staged.values());
        }
        for (Path temp : temps) {
            deleteQuietly(temp);
        }
        OPEN.remove(this);
        removeEmptyCreatedFolders();
    }

    /** Shutdown hook: SIGTERM/SIGINT (or System.exit) with transactions open deletes their temporaries. */
    private static void abortAll() {
        // the other threads run on while the hooks do: a writer that opens its staged file with CREATE just after it
        // was deleted makes it again, so the temporaries are deleted in a few passes (a file the writer already has
        // open is unlinked by the first and is gone when the process is)
        for (int pass = 0; pass < ABORT_PASSES; pass++) {
            boolean any = false;
            for (OutputTransaction tx : List.copyOf(OPEN)) {
                // not the transaction's lock: the hook must not wait on a thread blocked in the middle of a write
                if (!tx.committed) {
                    tx.aborted = true;
                    List<Path> temps;
                    synchronized (tx.staged) {
                        temps = List.copyOf(tx.staged.values());
                    }
                    for (Path temp : temps) {
                        any |= deleteQuietly(temp);
                    }
                }
            }
            if (!any) {
                break;  // nothing was there to delete: no writer is making its file again
            }
            if (pass + 1 < ABORT_PASSES) {
                try {
                    Thread.sleep(ABORT_PASS_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        removeEmptyCreatedFolders();
    }

    /** Deletes the folders staging created that are empty now, deepest first (a folder with files stays). */
    private static void removeEmptyCreatedFolders() {
        List<Path> folders = new ArrayList<>(CREATED);
        folders.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path folder : folders) {
            deleteQuietly(folder);
        }
    }

    /** Deletes {@code p} if it is there; whether it was. */
    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover hidden temporary never looks like a finished output (and a folder that is
            // not empty stays)
            return false;
        }
    }

    /** Writes one small text file atomically. */
    public static void writeString(Path target, String content) {
        try (OutputTransaction tx = new OutputTransaction()) {
            Path temp = tx.stage(target);
            Files.writeString(temp, content);
            tx.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
