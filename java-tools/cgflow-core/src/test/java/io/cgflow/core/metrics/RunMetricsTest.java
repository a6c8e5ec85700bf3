package io.cgflow.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run metrics: the Prometheus text file, and a push to a Pushgateway (a stand-in server on loopback). */
class RunMetricsTest {
    @TempDir
    Path dir;

    @Test
    void writesPrometheusText() throws IOException {
        RunMetrics m = new RunMetrics("cgflow-test");
        m.registry().counter("cgflow_test_frames").increment(42);
        Path file = dir.resolve("m.prom");
        m.writeTo(file);
        String text = Files.readString(file);
        assertTrue(text.contains("cgflow_test_frames_total{tool=\"cgflow-test\"} 42.0"), text);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary left beside the metrics file");
        }
    }

    @Test
    void pushesToAPushgateway() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> requests = new ArrayList<>();
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            RunMetrics m = new RunMetrics("cgflow-test");
            m.registry().counter("cgflow_test_frames").increment(7);
            m.push("127.0.0.1:" + server.getAddress().getPort());
            m.push("127.0.0.1:" + server.getAddress().getPort(), "lj-argon_94.4K.reference");
        } finally {
            server.stop(0);
        }
        assertEquals(2, requests.size(), "two pushes");
        String r = requests.get(0);
        assertTrue(r.startsWith("PUT /metrics/job/cgflow_cgflow_test"), r);
        assertTrue(r.contains("cgflow_test_frames_total"), "the counter is in the pushed body");
        // one group per task: the grouping key instance
        assertTrue(requests.get(1).startsWith("PUT /metrics/job/cgflow_cgflow_test/instance/lj-argon_94.4K.reference"),
            requests.get(1));
    }

    @Test
    void anUnreachableGatewayIsNotFatal() {
        RunMetrics m = new RunMetrics("cgflow-test");
        m.push("127.0.0.1:1");
    }
}
