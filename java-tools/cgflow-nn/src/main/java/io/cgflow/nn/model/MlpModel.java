package io.cgflow.nn.model;

/**
 * A multilayer perceptron evaluated in plain Java: the model sampling uses (no fixed per-call cost, no allocation
 * after construction). Parameters in the order of {@link MlpArchitecture}. Rows are processed with per-layer
 * buffers, four at a time where energies and input gradients are asked for several (with the bits of one at a
 * time); an instance is not for concurrent use ({@link #copy()} gives another).
 *
 * <p>The weights are also held as one array per input (for the forward pass) and one per output (for the backward
 * pass), and every buffer a row writes is an array of its own: the inner loops then read and write whole arrays at
 * the same index, {@code y[o] = fma(w[o], x, y[o])}, the form HotSpot's C2 compiler (JDK 17) turns into vector
 * fused multiply-adds. With offsets into shared arrays it cannot rule out overlap and stays scalar, about four times
 * slower. Each sum still runs in the order of one row's dot product: bias first, then input by input, one fused
 * multiply-add each (the blocks take two inputs per pass, the same operations in the same order).
 */
public final class MlpModel implements BeadEnergyModel {
    private final MlpArchitecture architecture;
    private final double[] theta;
    /** byInput[l][i][o]: the weight of input i in output o of layer l; byOutput[l][o][i]: the same weight. */
    private final double[][][] byInput;
    private final double[][][] byOutput;
    private final int layers;
    private final int[] in;
    private final int[] out;
    private final Activation[] activation;
    private final int[] weightOffset;
    private final int[] biasOffset;
    /** pre[l]: layer l's pre-activations; post[l]: its outputs (post[layers-1][0] is E). */
    private final double[][] pre;
    private final double[][] post;
    private final double[] delta;
    private final double[] deltaPrevious;
    /** The same buffers for {@link #BLOCK} rows at once: [layer][row of the block][output]. */
    private final double[][][] preBlock;
    private final double[][][] postBlock;
    private final double[][] deltaBlock;
    private final double[][] deltaPreviousBlock;

    /**
     * Rows evaluated together by {@link #inputGradients} and {@link #energies}: each weight is loaded once for all
     * of them and their sums run side by side, each in the order of a single row, so the bits are those of one row
     * at a time.
     */
    static final int BLOCK = 4;

    public MlpModel(MlpArchitecture architecture) {
        this(architecture, new double[architecture.parameterCount()]);
    }

    public MlpModel(MlpArchitecture architecture, double[] theta) {
        this.architecture = architecture;
        this.layers = architecture.layers();
        this.in = new int[layers];
        this.out = new int[layers];
        this.activation = new Activation[layers];
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        this.pre = new double[layers][];
        this.post = new double[layers][];
        for (int l = 0; l < layers; l++) {
            in[l] = architecture.layerInputs(l);
            out[l] = architecture.layerOutputs(l);
            activation[l] = architecture.activation(l);
            weightOffset[l] = architecture.weightOffset(l);
            biasOffset[l] = architecture.biasOffset(l);
            pre[l] = new double[out[l]];
            post[l] = new double[out[l]];
        }
        this.delta = new double[architecture.maxWidth()];
        this.deltaPrevious = new double[architecture.maxWidth()];
        this.preBlock = new double[layers][][];
        this.postBlock = new double[layers][][];
        this.byInput = new double[layers][][];
        this.byOutput = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            preBlock[l] = new double[BLOCK][out[l]];
            postBlock[l] = new double[BLOCK][out[l]];
            byInput[l] = new double[in[l]][out[l]];
            byOutput[l] = new double[out[l]][in[l]];
        }
        this.deltaBlock = new double[BLOCK][architecture.maxWidth()];
        this.deltaPreviousBlock = new double[BLOCK][architecture.maxWidth()];
        this.theta = new double[architecture.parameterCount()];
        setParameters(theta);
    }

    /** Parameters drawn as Glorot-uniform weights and zero biases from a seeded stream. */
    public static MlpModel initialised(MlpArchitecture architecture, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] theta = new double[architecture.parameterCount()];
        for (int l = 0; l < architecture.layers(); l++) {
            int nIn = architecture.layerInputs(l);
            int nOut = architecture.layerOutputs(l);
            double limit = Math.sqrt(6.0 / (nIn + nOut));
            for (int k = 0; k < nIn * nOut; k++) {
                theta[architecture.weightOffset(l) + k] = random.nextDouble(-limit, limit);
            }
        }
        return new MlpModel(architecture, theta);
    }

    /** Another instance with the same parameters and its own buffers. */
    public MlpModel copy() {
        return new MlpModel(architecture, theta);
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    @Override
    public int inputs() {
        return architecture.inputs();
    }

    @Override
    public int parameterCount() {
        return theta.length;
    }

    @Override
    public double[] parameters() {
        return theta.clone();
    }

    @Override
    public void setParameters(double[] values) {
        if (values.length != theta.length) {
            throw new IllegalArgumentException("expected " + theta.length + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, theta, 0, theta.length);
        for (int l = 0; l < layers; l++) {
            int w = weightOffset[l];
            for (int o = 0; o < out[l]; o++) {
                for (int i = 0; i < in[l]; i++) {
                    double t = theta[w + o * in[l] + i];
                    byInput[l][i][o] = t;
                    byOutput[l][o][i] = t;
                }
            }
        }
    }

    /** Forward pass of row {@code r}; returns E and leaves pre/post filled. */
    private double forward(double[] z, int r) {
        double[] x = z;
        int xOffset = r * in[0];
        for (int l = 0; l < layers; l++) {
            int nIn = in[l];
            int nOut = out[l];
            double[] p = pre[l];
            double[][] column = byInput[l];
            System.arraycopy(theta, biasOffset[l], p, 0, nOut);
            for (int i = 0; i < nIn; i++) {
                double xi = x[xOffset + i];
                double[] c = column[i];
                for (int o = 0; o < nOut; o++) {
                    p[o] = Math.fma(c[o], xi, p[o]);
                }
            }
            activation[l].values(p, post[l], nOut);
            x = post[l];
            xOffset = 0;
        }
        return post[layers - 1][0];
    }

    /** {@link #forward} of rows r … r + 3 together, each with the bits of {@link #forward}; energies into e[r…]. */
    private void forwardBlock(double[] z, int r, double[] e) {
        int stride = in[0];
        int x0 = r * stride;
        for (int l = 0; l < layers; l++) {
            int nIn = in[l];
            int nOut = out[l];
            double[][] column = byInput[l];
            double[] p0 = preBlock[l][0];
            double[] p1 = preBlock[l][1];
            double[] p2 = preBlock[l][2];
            double[] p3 = preBlock[l][3];
            int b = biasOffset[l];
            System.arraycopy(theta, b, p0, 0, nOut);
            System.arraycopy(theta, b, p1, 0, nOut);
            System.arraycopy(theta, b, p2, 0, nOut);
            System.arraycopy(theta, b, p3, 0, nOut);
            if (l == 0) {
                int i = 0;
                for (; i + 1 < nIn; i += 2) {
                    int xi = x0 + i;
                    addColumns(column[i], column[i + 1], nOut, z[xi], z[xi + stride], z[xi + 2 * stride],
                        z[xi + 3 * stride], z[xi + 1], z[xi + 1 + stride], z[xi + 1 + 2 * stride],
                        z[xi + 1 + 3 * stride], p0, p1, p2, p3);
                }
                if (i < nIn) {
                    int xi = x0 + i;
                    addColumn(column[i], nOut, z[xi], z[xi + stride], z[xi + 2 * stride], z[xi + 3 * stride],
                        p0, p1, p2, p3);
                }
            } else {
                double[][] x = postBlock[l - 1];
                double[] a0 = x[0];
                double[] a1 = x[1];
                double[] a2 = x[2];
                double[] a3 = x[3];
                int i = 0;
                for (; i + 1 < nIn; i += 2) {
                    addColumns(column[i], column[i + 1], nOut, a0[i], a1[i], a2[i], a3[i], a0[i + 1], a1[i + 1],
                        a2[i + 1], a3[i + 1], p0, p1, p2, p3);
                }
                if (i < nIn) {
                    addColumn(column[i], nOut, a0[i], a1[i], a2[i], a3[i], p0, p1, p2, p3);
                }
            }
            for (int k = 0; k < BLOCK; k++) {
                activation[l].values(preBlock[l][k], postBlock[l][k], nOut);
            }
        }
        double[][] last = postBlock[layers - 1];
        for (int k = 0; k < BLOCK; k++) {
            e[r + k] = last[k][0];
        }
    }

    /** y_k[o] = fma(c[o], x_k, y_k[o]) for o &lt; n and the four rows k: one loop the compiler vectorises. */
    private static void addColumn(double[] c, int n, double x0, double x1, double x2, double x3,
                                  double[] y0, double[] y1, double[] y2, double[] y3) {
        for (int o = 0; o < n; o++) {
            double t = c[o];
            y0[o] = Math.fma(t, x0, y0[o]);
            y1[o] = Math.fma(t, x1, y1[o]);
            y2[o] = Math.fma(t, x2, y2[o]);
            y3[o] = Math.fma(t, x3, y3[o]);
        }
    }

    /**
     * {@link #addColumn} of column a with x_k, then of column b with u_k, in one loop: the same fused products in the
     * same order (the same bits), each y loaded and stored once for two inputs.
     */
    private static void addColumns(double[] a, double[] b, int n, double x0, double x1, double x2, double x3,
                                   double u0, double u1, double u2, double u3,
                                   double[] y0, double[] y1, double[] y2, double[] y3) {
        for (int o = 0; o < n; o++) {
            double s = a[o];
            double t = b[o];
            y0[o] = Math.fma(t, u0, Math.fma(s, x0, y0[o]));
            y1[o] = Math.fma(t, u1, Math.fma(s, x1, y1[o]));
            y2[o] = Math.fma(t, u2, Math.fma(s, x2, y2[o]));
            y3[o] = Math.fma(t, u3, Math.fma(s, x3, y3[o]));
        }
    }

    /** ∂E/∂z of rows r … r + 3 after {@link #forwardBlock}, into dEdz at r · inputs, each with the bits of one row. */
    private void inputGradientBlock(int r, double[] dEdz) {
        double[][] d = deltaBlock;
        double[][] dPrev = deltaPreviousBlock;
        for (int k = 0; k < BLOCK; k++) {
            d[k][0] = 1;
        }
        for (int l = layers - 1; l >= 0; l--) {
            int nIn = in[l];
            int nOut = out[l];
            Activation f = activation[l];
            for (int k = 0; k < BLOCK; k++) {
                f.scaleByDerivatives(preBlock[l][k], postBlock[l][k], d[k], nOut);
                java.util.Arrays.fill(dPrev[k], 0, nIn, 0.0);
            }
            double[] d0 = d[0];
            double[] d1 = d[1];
            double[] d2 = d[2];
            double[] d3 = d[3];
            double[] q0 = dPrev[0];
            double[] q1 = dPrev[1];
            double[] q2 = dPrev[2];
            double[] q3 = dPrev[3];
            double[][] row = byOutput[l];
            int o = 0;
            for (; o + 1 < nOut; o += 2) {
                addColumns(row[o], row[o + 1], nIn, d0[o], d1[o], d2[o], d3[o], d0[o + 1], d1[o + 1], d2[o + 1],
                    d3[o + 1], q0, q1, q2, q3);
            }
            if (o < nOut) {
                addColumn(row[o], nIn, d0[o], d1[o], d2[o], d3[o], q0, q1, q2, q3);
            }
            double[][] t = d;
            d = dPrev;
            dPrev = t;
        }
        for (int k = 0; k < BLOCK; k++) {
            System.arraycopy(d[k], 0, dEdz, (r + k) * in[0], in[0]);
        }
    }

    /**
     * Backward pass of row {@code r} after {@link #forward}: ∂E/∂z to {@code dEdz} at {@code inputOffset} (when not
     * null) and ∂E/∂θ added to {@code dEdTheta} at {@code thetaOffset} (when not null).
     */
    private void backward(double[] z, int r, double[] dEdz, int inputOffset, double[] dEdTheta, int thetaOffset) {
        double[] d = delta;
        double[] dPrev = deltaPrevious;
        d[0] = 1;
        for (int l = layers - 1; l >= 0; l--) {
            int nIn = in[l];
            int nOut = out[l];
            Activation f = activation[l];
            f.scaleByDerivatives(pre[l], post[l], d, nOut);
            double[] x = l == 0 ? z : post[l - 1];
            int xOffset = l == 0 ? r * in[0] : 0;
            if (dEdTheta != null) {
                int w = thetaOffset + weightOffset[l];
                int b = thetaOffset + biasOffset[l];
                for (int o = 0; o < nOut; o++) {
                    double g = d[o];
                    int row = w + o * nIn;
                    for (int i = 0; i < nIn; i++) {
                        dEdTheta[row + i] += g * x[xOffset + i];
                    }
                    dEdTheta[b + o] += g;
                }
            }
            if (l == 0 && dEdz == null) {
                break;
            }
            java.util.Arrays.fill(dPrev, 0, nIn, 0.0);
            double[][] row = byOutput[l];
            for (int o = 0; o < nOut; o++) {
                double g = d[o];
                double[] w = row[o];
                for (int i = 0; i < nIn; i++) {
                    dPrev[i] = Math.fma(w[i], g, dPrev[i]);
                }
            }
            double[] t = d;
            d = dPrev;
            dPrev = t;
        }
        if (dEdz != null) {
            System.arraycopy(d, 0, dEdz, inputOffset, in[0]);
        }
    }

    private void checkRows(double[] z, int rows) {
        if (rows < 0 || z.length < rows * in[0]) {
            throw new IllegalArgumentException(rows + " rows of " + in[0] + " inputs need " + rows * in[0]
                + " values, got " + z.length);
        }
    }

    @Override
    public void energies(double[] z, int rows, double[] energies) {
        checkRows(z, rows);
        int r = 0;
        for (; r + BLOCK <= rows; r += BLOCK) {
            forwardBlock(z, r, energies);
        }
        for (; r < rows; r++) {
            energies[r] = forward(z, r);
        }
    }

    @Override
    public double energy(double[] row) {
        checkRows(row, 1);
        return forward(row, 0);
    }

    @Override
    public void inputGradients(double[] z, int rows, double[] energies, double[] dEdz) {
        checkRows(z, rows);
        int r = 0;
        for (; r + BLOCK <= rows; r += BLOCK) {
            forwardBlock(z, r, energies);
            inputGradientBlock(r, dEdz);
        }
        for (; r < rows; r++) {
            energies[r] = forward(z, r);
            backward(z, r, dEdz, r * in[0], null, 0);
        }
    }

    @Override
    public void addParameterGradient(double[] z, int rows, double[] dEdTheta) {
        checkRows(z, rows);
        for (int r = 0; r < rows; r++) {
            forward(z, r);
            backward(z, r, null, 0, dEdTheta, 0);
        }
    }

    @Override
    public void parameterGradients(double[] z, int rows, double[] dEdTheta) {
        checkRows(z, rows);
        int n = theta.length;
        java.util.Arrays.fill(dEdTheta, 0, rows * n, 0.0);
        for (int r = 0; r < rows; r++) {
            forward(z, r);
            backward(z, r, null, 0, dEdTheta, r * n);
        }
    }
}
