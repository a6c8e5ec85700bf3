package io.cgflow.nn.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ND4J backend picked from the class path, reported once when a network is first built. */
public final class Nd4jBackend {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackend.class);
    private static volatile boolean logged;

    private Nd4jBackend() {
    }

    /** Backend class, environment and default data type, in one line. */
    public static String describe() {
        return Nd4j.getBackend().getClass().getSimpleName() + " (" + (Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU")
            + ", default data type " + Nd4j.defaultFloatingPointType() + ")";
    }

    /** Logs {@link #describe()} at INFO the first time it is called. */
    public static void logOnce() {
        if (!logged) {
            synchronized (Nd4jBackend.class) {
                if (!logged) {
                    LOG.info("ND4J backend: {}", describe());
                    logged = true;
                }
            }
        }
    }
}
