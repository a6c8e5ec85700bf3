package io.cgflow.core.metrics;

import io.cgflow.core.output.OutputTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import java.io.IOException;
import java.nio.file.Path;
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
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public RunMetrics(String tool) {
        this.tool = tool;
        registry.config().commonTags("tool", tool);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void writeTo(Path file) {
        OutputTransaction.writeString(file, scrape());
    }

    /** Pushes to the Pushgateway named by {@code address}; failures are logged, never fatal. */
    public void push(String address) {
        try {
            PushGateway.builder().address(address).job("cgflow_" + tool.replace('-', '_'))
                .registry(registry.getPrometheusRegistry()).build().push();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not push metrics to Pushgateway {}: {}", address, e.getMessage());
        }
    }

    /** Writes the file (when given) and pushes (when the environment names a gateway). */
    public void publish(Path file) {
        if (file != null) {
            writeTo(file);
        }
        String gateway = System.getenv(PUSHGATEWAY_ENV);
        if (gateway != null && !gateway.isBlank()) {
            push(gateway.trim());
        }
    }
}
