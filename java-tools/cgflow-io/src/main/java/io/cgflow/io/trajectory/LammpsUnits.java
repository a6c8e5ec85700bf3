package io.cgflow.io.trajectory;

import io.cgflow.core.UsageException;
import java.util.Locale;

/**
 * LAMMPS unit styles, as factors to nm and ps. {@code lj} is dimensionless: lengths are taken as nm
 * and times as ps unchanged (convert the result yourself if σ and τ mean otherwise).
 */
public enum LammpsUnits {
    REAL(0.1, 1e-3),
    METAL(0.1, 1.0),
    NANO(1.0, 1e3),
    SI(1e9, 1e12),
    CGS(1e7, 1e12),
    ELECTRON(0.052917721, 1e-3),
    MICRO(1e3, 1e6),
    LJ(1.0, 1.0);

    private final double nm;
    private final double ps;

    LammpsUnits(double nm, double ps) {
        this.nm = nm;
        this.ps = ps;
    }

    /** nm per LAMMPS length unit. */
    public double lengthToNm() {
        return nm;
    }

    /** ps per LAMMPS time unit. */
    public double timeToPs() {
        return ps;
    }

    /**
     * amu per LAMMPS mass unit: g/mol for real and metal, kg for si, g for cgs, attograms for nano,
     * picograms for micro, amu for electron; lj masses are reduced units, taken as amu unchanged.
     */
    public double massToAmu() {
        final double amuInGrams = 1.66053906660e-24;
        return switch (this) {
            case REAL, METAL, ELECTRON, LJ -> 1.0;
            case SI -> 1e3 / amuInGrams;
            case CGS -> 1.0 / amuInGrams;
            case NANO -> 1e-18 / amuInGrams;
            case MICRO -> 1e-12 / amuInGrams;
        };
    }

    public static LammpsUnits parse(String style) {
        try {
            return valueOf(style.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown LAMMPS unit style '" + style + "' (real, metal, nano, si, cgs, "
                + "electron, micro, lj)");
        }
    }
}
