package io.cgflow.io.trajectory;

/**
 * Decompression of the coordinates of an XTC frame (the "xdr3dfcoord" algorithm of GROMACS's libxdrf,
 * written anew from the published description): integer coordinates quantised at the frame's
 * precision are packed as mixed-radix integers of minimal bit width, with runs of small differences
 * between neighbouring atoms (water molecules) sent with an adaptive smaller width. Stateless and
 * thread-safe: frames decode independently, so a reader can decode them in parallel.
 */
public final class XtcCodec {
    static final int[] MAGICINTS = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 12, 16, 20, 25, 32, 40, 50, 64,
        80, 101, 128, 161, 203, 256, 322, 406, 512, 645, 812, 1024, 1290,
        1625, 2048, 2580, 3250, 4096, 5060, 6501, 8192, 10321, 13003,
        16384, 20642, 26007, 32768, 41285, 52015, 65536, 82570, 104031,
        131072, 165140, 208063, 262144, 330280, 416127, 524287, 660561,
        832255, 1048576, 1321122, 1664510, 2097152, 2642245, 3329021,
        4194304, 5284491, 6658042, 8388607, 10568983, 13316085, 16777216};
    static final int FIRSTIDX = 9;
    /** 1 / MAGICINTS[k] for the small-difference radices (0 where the table has 0). */
    private static final double[] INVERSE_MAGIC = new double[MAGICINTS.length];
    /** The low k bits set, k = 0..32. */
    private static final int[] MASKS = new int[33];

    static {
        for (int k = 0; k < MAGICINTS.length; k++) {
            INVERSE_MAGIC[k] = MAGICINTS[k] == 0 ? 0 : 1.0 / MAGICINTS[k];
        }
        for (int k = 0; k <= 32; k++) {
            MASKS[k] = (int) ((1L << k) - 1);
        }
    }

    private XtcCodec() {
    }

    /** Thrown when the compressed bytes cannot be a valid coordinate stream. */
    public static final class CorruptDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptDataException(String message) {
            super(message);
        }
    }

    /** Bit reader over the compressed bytes: most significant bit first, as libxdrf packs them. */
    private static final class Bits {
        private final byte[] data;
        private final int end;
        private int cnt;
        /** Bits read from the data but not yet consumed: the low {@code available} bits of {@code buffer}. */
        private long buffer;
        private int available;

        Bits(byte[] data, int offset, int length) {
            this.data = data;
            this.cnt = offset;
            this.end = offset + length;
        }

        /**
         * The next {@code nbits} (0..32) bits as an unsigned number. The refill, taken once per several calls (it
         * reads up to 56 bits), is a method apart, so that this one stays short.
         */
        int receive(int nbits) {
            int a = available - nbits;
            if (a < 0) {
                a = refill(nbits);
            }
            available = a;
            return (int) (buffer >>> a) & MASKS[nbits];
        }

        /**
         * Tops the buffer up with whole bytes to at least {@code nbits} bits (up to 56 when the data has them) and
         * returns the bits that will be left once {@code nbits} are taken.
         */
        private int refill(int nbits) {
            long b = buffer;
            int a = available;
            int c = cnt;
            while (a <= 48 && c < end) {
                b = (b << 8) | (data[c++] & 0xff);
                a += 8;
            }
            if (a < nbits) {
                throw new CorruptDataException("compressed coordinates end before all atoms were decoded");
            }
            buffer = b;
            cnt = c;
            return a - nbits;
        }

        /**
         * Unpacks three integers of radices {@code sizes} packed into {@code nbits} bits (a mixed-radix number
         * stored as little-endian bytes). Numbers of up to 52 bits are divided in double precision with an
         * exact integer correction; wider ones byte by byte.
         */
        void receiveInts(int nbits, int[] sizes, double[] inverse, int[] out, int[] bytes) {
            if (nbits <= 52) {
                long v = 0;
                int shift = 0;
                int n = nbits;
                while (n > 8) {
                    v |= (long) receive(8) << shift;
                    shift += 8;
                    n -= 8;
                }
                if (n > 0) {
                    v |= (long) receive(n) << shift;
                }
                long q = quotient(v, sizes[2], inverse[2]);
                out[2] = (int) (v - q * sizes[2]);
                long q1 = quotient(q, sizes[1], inverse[1]);
                out[1] = (int) (q - q1 * sizes[1]);
                out[0] = (int) q1;
                return;
            }
            int nbytes = 0;
            bytes[0] = bytes[1] = bytes[2] = bytes[3] = 0;
            while (nbits > 8) {
                bytes[nbytes++] = receive(8);
                nbits -= 8;
            }
            if (nbits > 0) {
                bytes[nbytes++] = receive(nbits);
            }
            for (int i = 2; i > 0; i--) {
                long num = 0;
                long size = sizes[i] & 0xffffffffL;
                for (int j = nbytes - 1; j >= 0; j--) {
                    num = (num << 8) | bytes[j];
                    long p = num / size;
                    bytes[j] = (int) p;
                    num -= p * size;
                }
                out[i] = (int) num;
            }
            out[0] = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24);
        }
    }

    /** floor(v / size) for v < 2^52: a double-precision estimate corrected to the exact integer. */
    private static long quotient(long v, long size, double inverse) {
        long q = (long) (v * inverse);
        long r = v - q * size;
        while (r < 0) {
            q--;
            r += size;
        }
        while (r >= size) {
            q++;
            r -= size;
        }
        return q;
    }

    private static double[] inverse(int[] sizes) {
        return new double[] {1.0 / (sizes[0] & 0xffffffffL), 1.0 / (sizes[1] & 0xffffffffL),
            1.0 / (sizes[2] & 0xffffffffL)};
    }

    static int sizeOfInt(int size) {
        long num = 1;
        int bits = 0;
        while ((size & 0xffffffffL) >= num && bits < 32) {
            bits++;
            num <<= 1;
        }
        return bits;
    }

    static int sizeOfInts(int[] sizes) {
        int[] bytes = new int[32];
        int nbytes = 1;
        bytes[0] = 1;
        int nbits = 0;
        for (int size : sizes) {
            long tmp = 0;
            int bytecnt;
            for (bytecnt = 0; bytecnt < nbytes; bytecnt++) {
                tmp = bytes[bytecnt] * (size & 0xffffffffL) + tmp;
                bytes[bytecnt] = (int) (tmp & 0xff);
                tmp >>>= 8;
            }
            while (tmp != 0) {
                bytes[bytecnt++] = (int) (tmp & 0xff);
                tmp >>>= 8;
            }
            nbytes = bytecnt;
        }
        long num = 1;
        nbytes--;
        while (bytes[nbytes] >= num) {
            nbits++;
            num *= 2;
        }
        return nbits + nbytes * 8;
    }

    /**
     * Decodes {@code natoms} coordinates into {@code out} (3·natoms floats, nm).
     *
     * @param precision quantisation (1/nm) stored in the frame
     * @param minint    smallest integer coordinate per dimension
     * @param maxint    largest integer coordinate per dimension
     * @param smallidx  initial index into the magic-number table for small differences
     */
    public static void decode(int natoms, float precision, int[] minint, int[] maxint, int smallidx,
                              byte[] data, int offset, int length, float[] out) {
        if (!(precision > 0) || !Float.isFinite(precision)) {
            throw new CorruptDataException("precision " + precision + " is not positive");
        }
        if (smallidx < FIRSTIDX || smallidx >= MAGICINTS.length) {
            throw new CorruptDataException("small-integer index " + smallidx + " outside " + FIRSTIDX + ".."
                + (MAGICINTS.length - 1));
        }
        int[] sizeint = new int[3];
        int[] bitsizeint = new int[3];
        long largest = 0;
        for (int d = 0; d < 3; d++) {
            long s = (long) maxint[d] - (long) minint[d] + 1;
            if (s <= 0 || s > 0xffffffffL) {
                throw new CorruptDataException("coordinate range " + minint[d] + ".." + maxint[d] + " is invalid");
            }
            sizeint[d] = (int) s;
            largest |= s;
        }
        int bitsize = 0;
        if (largest > 0xffffff) {
            for (int d = 0; d < 3; d++) {
                bitsizeint[d] = sizeOfInt(sizeint[d]);
            }
        } else {
            bitsize = sizeOfInts(sizeint);
        }
        int smaller = MAGICINTS[Math.max(FIRSTIDX, smallidx - 1)] / 2;
        int smallnum = MAGICINTS[smallidx] / 2;
        int[] sizesmall = {MAGICINTS[smallidx], MAGICINTS[smallidx], MAGICINTS[smallidx]};
        double[] inverseSize = inverse(sizeint);
        double[] inverseSmall = inverse(sizesmall);
        final float inv = (float) (1.0 / precision);

        Bits bits = new Bits(data, offset, length);
        int[] scratch = new int[32];
        int[] thiscoord = new int[3];
        int[] prevcoord = new int[3];
        int[] runcoord = new int[3];
        int i = 0;
        int o = 0;
        int run = 0;
        while (i < natoms) {
            if (bitsize == 0) {
                thiscoord[0] = bits.receive(bitsizeint[0]);
                thiscoord[1] = bits.receive(bitsizeint[1]);
                thiscoord[2] = bits.receive(bitsizeint[2]);
            } else {
                bits.receiveInts(bitsize, sizeint, inverseSize, thiscoord, scratch);
            }
            i++;
            thiscoord[0] += minint[0];
            thiscoord[1] += minint[1];
            thiscoord[2] += minint[2];
            prevcoord[0] = thiscoord[0];
            prevcoord[1] = thiscoord[1];
            prevcoord[2] = thiscoord[2];

            int flag = bits.receive(1);
            int isSmaller = 0;
            if (flag == 1) {
                run = bits.receive(5);
                isSmaller = run % 3;
                run -= isSmaller;
                isSmaller--;
            }
            if (run > 0) {
                if (i + run / 3 > natoms) {
                    throw new CorruptDataException("run of " + run / 3 + " atoms after atom " + i
                        + " exceeds the atom count " + natoms);
                }
                for (int k = 0; k < run; k += 3) {
                    bits.receiveInts(smallidx, sizesmall, inverseSmall, runcoord, scratch);
                    i++;
                    runcoord[0] += prevcoord[0] - smallnum;
                    runcoord[1] += prevcoord[1] - smallnum;
                    runcoord[2] += prevcoord[2] - smallnum;
                    if (k == 0) {
                        // the first two atoms of a run are sent swapped (better compression of water)
                        int t;
                        t = runcoord[0]; runcoord[0] = prevcoord[0]; prevcoord[0] = t;
                        t = runcoord[1]; runcoord[1] = prevcoord[1]; prevcoord[1] = t;
                        t = runcoord[2]; runcoord[2] = prevcoord[2]; prevcoord[2] = t;
                        out[o++] = prevcoord[0] * inv;
                        out[o++] = prevcoord[1] * inv;
                        out[o++] = prevcoord[2] * inv;
                    } else {
                        prevcoord[0] = runcoord[0];
                        prevcoord[1] = runcoord[1];
                        prevcoord[2] = runcoord[2];
                    }
                    out[o++] = runcoord[0] * inv;
                    out[o++] = runcoord[1] * inv;
                    out[o++] = runcoord[2] * inv;
                }
            } else {
                out[o++] = thiscoord[0] * inv;
                out[o++] = thiscoord[1] * inv;
                out[o++] = thiscoord[2] * inv;
            }
            smallidx += isSmaller;
            if (smallidx < FIRSTIDX || smallidx >= MAGICINTS.length) {
                throw new CorruptDataException("small-integer index left the table at atom " + i);
            }
            if (isSmaller < 0) {
                smallnum = smaller;
                smaller = smallidx > FIRSTIDX ? MAGICINTS[smallidx - 1] / 2 : 0;
            } else if (isSmaller > 0) {
                smaller = smallnum;
                smallnum = MAGICINTS[smallidx] / 2;
            }
            if (isSmaller != 0) {
                sizesmall[0] = sizesmall[1] = sizesmall[2] = MAGICINTS[smallidx];
                inverseSmall[0] = inverseSmall[1] = inverseSmall[2] = INVERSE_MAGIC[smallidx];
            }
        }
    }
}
