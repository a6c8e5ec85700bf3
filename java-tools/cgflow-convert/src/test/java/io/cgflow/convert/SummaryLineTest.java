package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.io.TestData;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closing line of a conversion, printed without java.util.Formatter, reads as it did with it. */
class SummaryLineTest {
    @TempDir
    Path dir;

    @Test
    void fixedDecimalsAreWhatPercentFPrints() {
        double[] values = {0, 0.005, 0.125, 2.675, 1.0 / 3, 983.25, 999.95, 12345.678, 1e-9, 7e6 / 3};
        for (double v : values) {
            for (int digits = 1; digits <= 2; digits++) {
                assertEquals(String.format(Locale.ROOT, "%." + digits + "f", v), ConvertCommand.fixed(v, digits),
                    v + " with " + digits + " decimals");
            }
        }
    }

    @Test
    void aConversionEndsWithOneSummaryLine() {
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", TestData.file("formats/traj.xtc").toString(),
            "-s", TestData.file("formats/conf.gro").toString(), "-o", dir.resolve("out.h5").toString());
        assertEquals(0, o.exitCode(), o.err());
        String last = o.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("cgflow-convert: 10 frames of 246 atoms in 1 file\\(s\\), \\d+\\.\\d\\d s "
            + "\\(\\d+\\.\\d frames/s, \\d+\\.\\d MB/s of input\\)"), last);
    }
}
