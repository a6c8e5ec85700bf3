package io.cgflow.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * First-order steps by Deeplearning4j's Adam or AMSGrad updater applied to the fluctuation gradient (an external
 * gradient: the updater turns it into the step in place). Its state (moment estimates) is a plain vector, saved in
 * the training checkpoint.
 */
public final class AdamStep {
    private final GradientUpdater<?> updater;
    private final INDArray state;
    private final int parameters;

    /**
     * @param amsgrad  AMSGrad instead of Adam
     * @param rate     learning rate
     * @param saved    the updater state to continue from, or null to start fresh
     */
    public AdamStep(boolean amsgrad, double rate, int parameters, double[] saved) {
        IUpdater config = amsgrad ? new AMSGrad(rate) : new Adam(rate);
        long size = config.stateSize(parameters);
        this.parameters = parameters;
        this.state = saved == null ? Nd4j.zeros(DataType.DOUBLE, 1, size)
            : Nd4j.createFromArray(saved).reshape(1, size);
        this.updater = config.instantiate(state, saved == null);
    }

    /** The step Δθ for gradient ∂L/∂θ at optimisation step {@code iteration} (0-based). */
    public double[] step(double[] gradient, int iteration) {
        INDArray g = Nd4j.createFromArray(gradient.clone()).reshape(1, parameters);
        updater.applyUpdater(g, iteration, 0);
        double[] d = g.toDoubleVector();
        for (int q = 0; q < d.length; q++) {
            d[q] = -d[q];
        }
        return d;
    }

    /** The updater state, to checkpoint. */
    public double[] state() {
        return state.toDoubleVector();
    }
}
