package io.cgflow.validate;

import io.cgflow.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The thermodynamics of a CG run from its THERMO.tsv (cgflow-md): the mean temperature against the state's, the
 * bead density against the atomistic one, the mean pressure with its block error and its drift (slope of a
 * straight-line fit times the run's length), and the potential energy's drift per bead and nanosecond. The first
 * fifth of the rows is left out as equilibration (at least the first row). The temperature fails only when it is
 * off by more than its limit and by more than three standard errors (5 blocks): a short run of a small system
 * fluctuates by several per cent. The same holds for the mean pressure against the state's pressure, when the
 * reference records one (NaN otherwise).
 */
public record ThermoSummary(int rows, double durationPs, double temperature, double temperatureError,
                            double targetTemperature, double temperatureRelative, double density, double referenceDensity,
                            double densityRelative, double pressure, double pressureError, double pressureDrift,
                            double referencePressure, double potentialDriftPerBeadPerNs, Series series,
                            List<String> failures) {
    public ThermoSummary {
        failures = List.copyOf(failures);
    }

    /** The time series for plotting (at most {@link #MAX_POINTS} points, evenly thinned). */
    public record Series(double[] time, double[] potential, double[] temperature, double[] pressure) {
    }

    public static final int MAX_POINTS = 2000;

    public static ThermoSummary of(Path file, int beads, double targetTemperature, double referenceDensity,
                                   Tolerances.ThermoLimits limits) {
        return of(file, beads, targetTemperature, referenceDensity, Double.NaN, limits);
    }

    /** The summary of a run of a state whose pressure is {@code referencePressure} bar (NaN: not known). */
    public static ThermoSummary of(Path file, int beads, double targetTemperature, double referenceDensity,
                                   double referencePressure, Tolerances.ThermoLimits limits) {
        Table t = Table.read(file);
        double[] time = t.increasing("time_ps");
        double[] temp = t.finiteNumbers("temperature_K");
        double[] pressure = t.finiteNumbers("pressure_bar");
        double[] volume = t.finiteNumbers("volume_nm3");
        double[] potential = t.finiteNumbers("potential_kJ_mol");
        if (time.length < 2) {
            throw InputException.in(file, time.length + " data row(s); a CG run needs at least two to summarise");
        }
        int first = Math.max(1, time.length / 5);
        if (first >= time.length - 1) {
            first = 0;
        }
        double tMean = mean(temp, first);
        double tErr = blockError(temp, first, 5);
        double vMean = mean(volume, first);
        double density = beads / vMean;
        double pMean = mean(pressure, first);
        double pErr = blockError(pressure, first, 5);
        double duration = time[time.length - 1] - time[first];
        double pDrift = slope(time, pressure, first) * duration;
        double uDrift = slope(time, potential, first) * 1000 / beads;
        double tRel = targetTemperature > 0 ? (tMean - targetTemperature) / targetTemperature : Double.NaN;
        double dRel = referenceDensity > 0 ? (density - referenceDensity) / referenceDensity : Double.NaN;
        List<String> f = new ArrayList<>();
        if (!(Math.abs(tMean - targetTemperature) <= 3 * tErr)) {
            DistributionComparison.check(f, "temperature_relative", Math.abs(tRel), limits.temperatureRelative(), "");
        }
        DistributionComparison.check(f, "density_relative", Math.abs(dRel), limits.densityRelative(), "");
        DistributionComparison.check(f, "pressure_drift_bar", Math.abs(pDrift), limits.pressureDriftBar(), " bar");
        if (Double.isFinite(referencePressure) && !(Math.abs(pMean - referencePressure) <= 3 * pErr)) {
            DistributionComparison.check(f, "pressure_bar", Math.abs(pMean - referencePressure), limits.pressureBar(),
                " bar");
        }
        int stride = (time.length + MAX_POINTS - 1) / MAX_POINTS;
        Series s = new Series(thin(time, stride), thin(potential, stride), thin(temp, stride), thin(pressure, stride));
        return new ThermoSummary(time.length, time[time.length - 1] - time[0], tMean, tErr, targetTemperature, tRel,
            density, referenceDensity, dRel, pMean, pErr, pDrift, referencePressure, uDrift, s, f);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    private static double mean(double[] v, int from) {
        double s = 0;
        int n = 0;
        for (int i = from; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                s += v[i];
                n++;
            }
        }
        return n > 0 ? s / n : Double.NaN;
    }

    /** Standard error of the mean from {@code blocks} blocks of consecutive rows (NaN with fewer rows). */
    private static double blockError(double[] v, int from, int blocks) {
        int n = v.length - from;
        if (n < 2 * blocks) {
            return Double.NaN;
        }
        int size = n / blocks;
        double[] m = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += v[from + b * size + i];
            }
            m[b] = s / size;
        }
        double mean = 0;
        for (double x : m) {
            mean += x / blocks;
        }
        double var = 0;
        for (double x : m) {
            var += (x - mean) * (x - mean);
        }
        return Math.sqrt(var / (blocks - 1) / blocks);
    }

    /** Least-squares slope of y against x over rows from {@code from}. */
    private static double slope(double[] x, double[] y, int from) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = from; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }

    private static double[] thin(double[] v, int stride) {
        double[] out = new double[(v.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * stride];
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "T %.2f K (target %.2f), density %.4g nm^-3, P %.4g bar", temperature,
            targetTemperature, density, pressure);
    }
}
