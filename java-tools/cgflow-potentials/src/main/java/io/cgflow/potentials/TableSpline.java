package io.cgflow.potentials;

/**
 * The spline of a {@link Table} as a function of x, the same spline the evaluators use: its value and derivative
 * anywhere on the table's range, for periodic tables anywhere (reduced by the period). Outside the range of a
 * non-periodic table it continues as the straight line of the end's value and slope ({@link #value}), which
 * exporters use to extend a table to the range another program requires; {@link #covers} says whether x is on
 * the table. Not thread-safe.
 */
public final class TableSpline {
    private final Table table;
    private final CubicSpline spline;
    private final double[] slope = new double[1];
    private final double startValue;
    private final double startSlope;
    private final double endValue;
    private final double endSlope;

    public TableSpline(Table table) {
        this.table = table;
        this.spline = new CubicSpline(table);
        this.startValue = spline.evaluate(table.start(), slope);
        this.startSlope = slope[0];
        this.endValue = spline.evaluate(table.end(), slope);
        this.endSlope = slope[0];
    }

    public Table table() {
        return table;
    }

    /** True when x lies on the table (any x for a periodic table), with a tolerance of 1e-9 steps. */
    public boolean covers(double x) {
        if (table.boundary() == Table.Boundary.PERIODIC) {
            return Double.isFinite(x);
        }
        double tolerance = 1e-9 * table.step();
        return x >= table.start() - tolerance && x <= table.end() + tolerance;
    }

    /** S(x) on the table; outside a non-periodic table the straight continuation from the nearer end. */
    public double value(double x) {
        if (table.boundary() != Table.Boundary.PERIODIC) {
            if (x < table.start()) {
                return startValue + startSlope * (x - table.start());
            }
            if (x > table.end()) {
                return endValue + endSlope * (x - table.end());
            }
        }
        return spline.evaluate(x, slope);
    }

    /** dS/dx at x, continued as {@link #value} is. */
    public double derivative(double x) {
        if (table.boundary() != Table.Boundary.PERIODIC) {
            if (x < table.start()) {
                return startSlope;
            }
            if (x > table.end()) {
                return endSlope;
            }
        }
        spline.evaluate(x, slope);
        return slope[0];
    }
}
