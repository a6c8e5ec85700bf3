import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for cgflow-train with its command-line contract, for the pipeline tests until the trainer is
 * built (tests/pipeline/run-tests.sh makes cgflow-train.jar of it and puts it first through CGFLOW_LIB).
 * It trains nothing: it checks the arguments the TRAIN module passes (one --start per -i, files that exist,
 * --hidden 'linear' or widths, a checkpoint folder), keeps a checkpoint file that counts the runs, and writes
 * the outputs as text: MODEL.h5 lists what it was given and whether it resumed from a checkpoint.
 *
 * CGFLOW_STANDIN_KILL_FIRST=CODE: when the checkpoint folder holds no checkpoint yet, write one and exit with CODE
 * (143: as if preempted with SIGTERM, which Nextflow retries; 137: as if out of memory, retried only while the
 * memory can still grow).
 */
public final class TrainStandIn {
    public static void main(String[] args) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        String output = null, hidden = null, log = null, metrics = null, checkpoints = null, settings = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--version")) {
                System.out.println("cgflow-train 0.0.0-standin");
                return;
            }
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "-i", "--input" -> { if (hasValue) inputs.add(args[++i]); else usage("-i needs a value"); }
                case "--start" -> { if (hasValue) starts.add(args[++i]); else usage("--start needs a value"); }
                case "-o", "--output" -> output = hasValue ? args[++i] : null;
                case "--hidden" -> hidden = hasValue ? args[++i] : null;
                case "--log" -> log = hasValue ? args[++i] : null;
                case "--metrics" -> metrics = hasValue ? args[++i] : null;
                case "--checkpoint-dir" -> checkpoints = hasValue ? args[++i] : null;
                case "--settings" -> settings = hasValue ? args[++i] : null;
                case "--activation", "--max-iterations", "--max-time", "--seed", "--threads", "--log-level" -> {
                    if (!hasValue) usage(a + " needs a value");
                    rest.add(a + " " + args[++i]);
                }
                default -> usage("unknown option " + a);
            }
        }
        if (inputs.isEmpty()) usage("missing -i");
        if (starts.size() != inputs.size()) usage(inputs.size() + " -i but " + starts.size() + " --start");
        if (output == null || log == null || metrics == null || checkpoints == null) {
            usage("missing -o, --log, --metrics or --checkpoint-dir");
        }
        if (hidden == null || !hidden.matches("linear|[1-9][0-9]*(,[1-9][0-9]*)*")) usage("bad --hidden " + hidden);
        for (String f : inputs) exists(f);
        for (String f : starts) exists(f);
        if (settings != null) exists(settings);

        Path dir = Path.of(checkpoints);
        Files.createDirectories(dir);
        Path checkpoint = dir.resolve("checkpoint.txt");
        int runs = Files.exists(checkpoint) ? Integer.parseInt(Files.readString(checkpoint).trim()) : 0;
        Files.writeString(checkpoint, Integer.toString(runs + 1) + "\n");
        String kill = System.getenv("CGFLOW_STANDIN_KILL_FIRST");
        if (runs == 0 && kill != null && !kill.isEmpty()) {
            System.err.println("cgflow-train (stand-in): checkpoint written, exiting as if killed (" + kill + ")");
            System.exit(Integer.parseInt(kill));
        }
        StringBuilder model = new StringBuilder();
        model.append("hidden ").append(hidden).append('\n');
        for (int k = 0; k < inputs.size(); k++) {
            model.append("state ").append(Path.of(inputs.get(k)).getFileName()).append(' ')
                .append(Path.of(starts.get(k)).getFileName()).append('\n');
        }
        model.append("settings ").append(settings == null ? "-" : Path.of(settings).getFileName()).append('\n');
        model.append("options ").append(String.join(" ", rest)).append('\n');
        model.append("resumed ").append(runs > 0).append('\n');
        // what the launcher and the module set up for ND4J
        model.append("omp ").append(System.getenv("OMP_NUM_THREADS")).append('\n');
        model.append("javacpp.cachedir ").append(System.getProperty("org.bytedeco.javacpp.cachedir")).append('\n');
        model.append("javacpp.maxbytes ").append(System.getProperty("org.bytedeco.javacpp.maxbytes")).append('\n');
        Files.writeString(Path.of(output), model, StandardCharsets.UTF_8);
        Files.writeString(Path.of(log), "iteration\tloss\n0\t1.0\n", StandardCharsets.UTF_8);
        Files.writeString(Path.of(metrics), "cgflow_train_iterations_total 1.0\n", StandardCharsets.UTF_8);
    }

    private static void exists(String f) {
        if (!Files.isRegularFile(Path.of(f))) {
            System.err.println("cgflow-train (stand-in): error: " + f + " not found");
            System.exit(2);
        }
    }

    private static void usage(String msg) {
        System.err.println("cgflow-train (stand-in): " + msg);
        System.exit(1);
    }
}
