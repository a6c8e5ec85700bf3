package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The equation-of-state oracle against the paper's own numbers and against thermodynamic consistency. */
class JohnsonZollwegGubbinsTest {
    @Test
    void criticalPointIsWhereThePaperPutsIt() {
        // Johnson et al. (1993): the fitted equation's critical point is T* = 1.313, ρ* = 0.310, P* = 0.13
        double t = 1.313;
        double rho = 0.310;
        double h = 1e-3;
        double dp = (JohnsonZollwegGubbins.pressure(rho + h, t) - JohnsonZollwegGubbins.pressure(rho - h, t)) / (2 * h);
        assertEquals(0, dp, 0.01);
        assertEquals(0.13, JohnsonZollwegGubbins.pressure(rho, t), 0.006);
        // just below T_c the isotherm has a van der Waals loop, just above it does not
        assertTrue(slopeMin(1.25) < 0);
        assertTrue(slopeMin(1.40) > 0);
    }

    private static double slopeMin(double t) {
        double min = Double.MAX_VALUE;
        for (double rho = 0.15; rho < 0.5; rho += 0.005) {
            min = Math.min(min, JohnsonZollwegGubbins.pressure(rho + 1e-4, t) - JohnsonZollwegGubbins.pressure(rho, t));
        }
        return min;
    }

    @Test
    void energyIsConsistentWithThePressure() {
        // A_res/N = ∫₀^ρ (P − ρT)/ρ'² dρ';  U/N = ∂(βA_res/N)/∂β = A − T ∂A/∂T
        double rho = 0.8;
        double t = 2.0;
        double h = 1e-4;
        double u = free(rho, t) - t * (free(rho, t + h) - free(rho, t - h)) / (2 * h);
        assertEquals(u, JohnsonZollwegGubbins.energy(rho, t), 1e-5);
    }

    private static double free(double rho, double t) {
        int steps = 4000;
        double s = 0;
        for (int k = 0; k < steps; k++) {
            double r = (k + 0.5) * rho / steps;
            s += (JohnsonZollwegGubbins.pressure(r, t) - r * t) / (r * r);
        }
        return s * rho / steps;
    }
}
