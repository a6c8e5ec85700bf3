package io.cgflow.potentials;

import java.util.List;

/**
 * The cubic splines of a list of tables as one trainable parameter vector: the energies of table 0, then of table 1,
 * and so on. Shared by the pair and bonded table forms.
 */
final class SplineSet {
    private final CubicSpline[] splines;
    private final int[] offsets;
    private final int count;

    SplineSet(List<Table> tables) {
        splines = new CubicSpline[tables.size()];
        offsets = new int[tables.size()];
        int o = 0;
        for (int p = 0; p < splines.length; p++) {
            splines[p] = new CubicSpline(tables.get(p));
            offsets[p] = o;
            o += splines[p].size();
        }
        count = o;
    }

    /** The spline of table p. */
    CubicSpline get(int p) {
        return splines[p];
    }

    int parameterCount() {
        return count;
    }

    /** Every table's energies, in table order. */
    double[] parameters() {
        double[] t = new double[count];
        for (int p = 0; p < splines.length; p++) {
            System.arraycopy(splines[p].values(), 0, t, offsets[p], splines[p].size());
        }
        return t;
    }

    void setParameters(double[] theta) {
        for (int p = 0; p < splines.length; p++) {
            splines[p].setValues(theta, offsets[p]);
        }
    }

    /** Adds every spline's accumulated gradient into {@code out}'s parameter gradient. */
    void finishGradient(Evaluation out) {
        for (int p = 0; p < splines.length; p++) {
            splines[p].finishGradient(out.parameterGradient(), out.gradientOffset() + offsets[p]);
        }
    }
}
