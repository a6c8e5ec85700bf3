package io.cgflow.core.metrics;

import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.output.OutputTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one tool run. At the end they are written in Prometheus text format to the
 * {@code --metrics} file (atomically) and, when {@code CGFLOW_PUSHGATEWAY} names a Pushgateway
 * ({@code host:port}), pushed there under job {@code cgflow_<tool>}.
 */
public final class RunMetrics {
    /** Environment variable naming a Prometheus Pushgateway, {@code host:port}. */
    public static final String PUSHGATEWAY_ENV = "CGFLOW_PUSHGATEWAY";
    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

    private final String tool;
    /** The registry, being built on a daemon thread from construction on (see the constructor). */
    private final FutureTask<MeterRegistry> registry;

    /** Meters exported in Prometheus format. */
    public RunMetrics(String tool) {
        this(tool, true);
    }

    /**
     * @param exported whether the meters will be written or pushed: a run that exports nothing records into a
     *                 plain in-memory registry and never starts the Prometheus machinery (start-up time)
     */
    public RunMetrics(String tool, boolean exported) {
        this.tool = tool;
        // A cold JVM spends about 20 ms initialising Micrometer, on a short run's critical path when done in line;
        // built on a thread of its own, it overlaps the tool's option checks and the start of its work, and
        // registry() waits for it.
        this.registry = new FutureTask<>(() -> {
            MeterRegistry r = exported ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            r.config().commonTags("tool", tool);
            return r;
        });
        Futures.daemon("cgflow-metrics-init").newThread(registry).start();
    }

    /** Whether a Pushgateway is configured in the environment. */
    public static boolean pushgatewayConfigured() {
        String gateway = System.getenv(PUSHGATEWAY_ENV);
        return gateway != null && !gateway.isBlank();
    }

    /** The registry (waits while it is still being built). */
    public MeterRegistry registry() {
        return Futures.await(registry);
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return prometheus().scrape();
    }

    private PrometheusMeterRegistry prometheus() {
        if (!(registry() instanceof PrometheusMeterRegistry p)) {
            throw new IllegalStateException("metrics of " + tool + " were not set up for export");
        }
        return p;
    }

    public void writeTo(Path file) {
        OutputTransaction.writeString(file, scrape());
    }

    /** Pushes to the Pushgateway named by {@code address}; failures are logged, never fatal. */
    public void push(String address) {
        push(address, null);
    }

    /**
     * Pushes to the Pushgateway named by {@code address} under job {@code cgflow_<tool>} and, when {@code instance} is
     * given, grouping key {@code instance} (so that the runs of one tool, e.g. the tasks of a campaign, keep their own
     * groups instead of replacing each other's); failures are logged, never fatal.
     */
    public void push(String address, String instance) {
        try {
            PushGateway.Builder b = PushGateway.builder().address(address).job("cgflow_" + tool.replace('-', '_'))
                .registry(prometheus().getPrometheusRegistry());
            if (instance != null && !instance.isBlank()) {
                b.groupingKey("instance", instance);
            }
            b.build().push();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not push metrics to Pushgateway {}: {}", address, e.getMessage());
        }
    }

    /**
     * Writes the file (when given) and pushes (when the environment names a gateway), grouped by the file's name
     * without {@code .prom} (unique per task in the pipeline: {@code <id>.reference.prom}, …).
     */
    public void publish(Path file) {
        if (file != null) {
            writeTo(file);
        }
        if (pushgatewayConfigured()) {
            push(System.getenv(PUSHGATEWAY_ENV).trim(), file == null ? null
                : file.getFileName().toString().replaceFirst("\\.prom$", ""));
        }
    }
}
