package io.cgflow.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level parser gives exactly {@link Double#parseDouble}'s value, and so the same float as
 * {@link Float#parseFloat}, on random tokens in the notations MD engines print.
 */
class DecimalTest {
    private static final String[] FORMATS = {"%g", "%.6g", "%.8g", "%.10g", "%.3f", "%.5f", "%.8f", "%.16e", "%e",
        "%.6e", "%.9e", "%12.5e", "%15.9f", "%.15g", "%.17g"};

    @Test
    void agreesWithTheJdkOnRandomTokens() {
        Random random = new Random(20240607);
        int floatChecks = 0;
        for (int k = 0; k < 120_000; k++) {
            double scale = Math.pow(10, random.nextInt(24) - 12);
            double v = (random.nextDouble() - 0.5) * 2 * scale;
            String token = String.format(Locale.ROOT, FORMATS[random.nextInt(FORMATS.length)], v).trim();
            if (random.nextInt(20) == 0) {
                token = token.startsWith("-") ? token : "+" + token;
            }
            byte[] b = token.getBytes(StandardCharsets.ISO_8859_1);
            double parsed = Decimal.parse(b, 0, b.length);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(token)), Double.doubleToRawLongBits(parsed),
                token);
            if (significantDigits(token) <= 9) {
                assertEquals(Float.floatToRawIntBits(Float.parseFloat(token)), Float.floatToRawIntBits((float) parsed),
                    token);
                floatChecks++;
            }
        }
        assertTrue(floatChecks > 30_000, "float comparisons: " + floatChecks);
    }

    @Test
    void floatsPrintedShortestReadBackExactly() {
        Random random = new Random(7);
        for (int k = 0; k < 50_000; k++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            String token = Float.toString(f).replace("E", "e");
            byte[] b = token.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(token)),
                Float.floatToRawIntBits((float) Decimal.parse(b, 0, b.length)), token);
        }
    }

    @Test
    void edgeCases() {
        for (String t : new String[] {"0", "-0", "-0.0", "0.000", "1.", ".5", "-.5", "+1", "1e5", "1E-5", "1e+05",
            "123456789012345678901234567890", "1e-400", "1e400", "4.9e-324", "2.2250738585072014E-308",
            "0.1000000000000000055511151231257827", "9007199254740993", "1e23", "8.5e-310"}) {
            byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(t)),
                Double.doubleToRawLongBits(Decimal.parse(b, 0, b.length)), t);
        }
        for (String t : new String[] {"", "-", ".", "e5", "1e", "1e+", "1.2.3", "abc", "1,5", "--1", "nan", "inf"}) {
            byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(Double.isNaN(Decimal.parse(b, 0, b.length)), "'" + t + "' is not a number");
        }
        assertEquals(12.5, Decimal.parse("  12.5 ", 0, 7));
        byte[] id = "12345".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(12345L, Decimal.parseLong(id, 0, id.length));
        byte[] bad = "12a".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Long.MIN_VALUE, Decimal.parseLong(bad, 0, bad.length));
    }

    private static int significantDigits(String token) {
        String mantissa = token.replaceFirst("[eE].*$", "").replaceAll("[^0-9]", "").replaceFirst("^0+", "");
        return mantissa.replaceFirst("0+$", "").length();
    }
}
