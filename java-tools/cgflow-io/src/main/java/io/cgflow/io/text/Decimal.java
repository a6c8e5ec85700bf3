package io.cgflow.io.text;

import java.nio.charset.StandardCharsets;

/**
 * Decimal numbers parsed straight from bytes or characters, as MD engines print them (fixed and
 * exponent notation, {@code %g}, {@code %.8f}, {@code %e}). The result is exactly
 * {@link Double#parseDouble}'s: a mantissa of at most 15 significant digits times a power of ten up
 * to 10^22 is an exact double operation (the Clinger fast path); anything else (more digits, large
 * exponents, hexadecimal, {@code NaN}, {@code Infinity}) falls back to {@link Double#parseDouble}.
 * Malformed text gives NaN, so callers check {@link Double#isFinite} once.
 */
public final class Decimal {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long MAX_EXACT = 1L << 53;

    private Decimal() {
    }

    /** The number in {@code b[start, end)} (no surrounding blanks), or NaN if it is not one. */
    public static double parse(byte[] b, int start, int end) {
        int i = start;
        if (i >= end) {
            return Double.NaN;
        }
        boolean negative = false;
        byte c = b[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int scale = 0;
        boolean point = false;
        for (; i < end; i++) {
            c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (mantissa == 0 && c == '0') {
                    if (point) {
                        scale--;
                    }
                    continue;
                }
                if (++significant > 18) {
                    return slow(b, start, end);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (point) {
                    scale--;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return slow(b, start, end);
        }
        if (i < end) {
            c = b[i];
            if (c != 'e' && c != 'E') {
                return slow(b, start, end);
            }
            i++;
            boolean negExp = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                negExp = b[i] == '-';
                i++;
            }
            if (i >= end) {
                return Double.NaN;
            }
            int exp = 0;
            for (; i < end; i++) {
                c = b[i];
                if (c < '0' || c > '9' || exp > 100_000) {
                    return slow(b, start, end);
                }
                exp = exp * 10 + (c - '0');
            }
            scale += negExp ? -exp : exp;
        }
        return value(negative, mantissa, scale, b, start, end);
    }

    private static double value(boolean negative, long mantissa, int scale, byte[] b, int start, int end) {
        double v;
        if (mantissa == 0) {
            v = 0.0;
        } else if (mantissa < MAX_EXACT && scale >= -22 && scale <= 22) {
            v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
        } else {
            return slow(b, start, end);
        }
        return negative ? -v : v;
    }

    private static double slow(byte[] b, int start, int end) {
        return slow(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }

    private static double slow(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The number in {@code s[start, end)}, surrounding blanks ignored, or NaN if it is not one. */
    public static double parse(String s, int start, int end) {
        while (start < end && s.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) <= ' ') {
            end--;
        }
        int n = end - start;
        if (n > 64) {
            return slow(s.substring(start, end));
        }
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) {
            char ch = s.charAt(start + k);
            if (ch > 0x7f) {
                return slow(s.substring(start, end));
            }
            b[k] = (byte) ch;
        }
        return parse(b, 0, n);
    }

    /**
     * A decimal integer in {@code b[start, end)}, or {@code Long.MIN_VALUE} if it is not one (or does not
     * fit a long).
     */
    public static long parseLong(byte[] b, int start, int end) {
        int i = start;
        if (i >= end) {
            return Long.MIN_VALUE;
        }
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        if (i >= end || end - i > 18) {
            try {
                return Long.parseLong(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        long v = 0;
        for (; i < end; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
