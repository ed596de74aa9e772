package dev.featbit.sdk.internal.eval;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Percentage bucketing exactly as the FeatBit server's {@code DispatchAlgorithm} (spec 6.7):
 * {@code |int32le(md5(utf8(key))[0..3]) / -2^31|}.
 *
 * <p>The message ({@code [expt] + flagKey + userValue}) is encoded into a per-thread scratch buffer (ASCII
 * copied directly; anything else encoded from the concatenated string, exactly as the server's
 * {@code Encoding.UTF8.GetBytes(flagKey + value)}), and hashed with a per-thread {@code MessageDigest} (a
 * HotSpot intrinsic on current JDKs) into a scratch digest: a bucket computation allocates nothing. A portable MD5 that computes only the first
 * output word is kept for tests and as a fallback.
 */
public final class Dispatch {
  private Dispatch() {}

  /** Near-one tolerance of the server's {@code IsInRollout}. */
  private static final double FULL_RANGE_TOLERANCE = 1e-5;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    byte[] buf = new byte[256];
    final int[] w = new int[16];
    final byte[] digest = new byte[16];
    final MessageDigest md5 = newMd5();
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      return null; // every Java SE runtime has MD5; fall back to the portable implementation regardless
    }
  }

  /** Bucket of {@code key + suffix} (percentage rollouts: flag key + dispatch value). */
  public static double bucket(String key, String suffix) {
    return hash(false, key, suffix);
  }

  /** Bucket of {@code "expt" + key + suffix} (experiment sampling, spec 6.9). */
  public static double exptBucket(String key, String suffix) {
    return hash(true, key, suffix);
  }

  private static double hash(boolean expt, String key, String suffix) {
    Scratch s = SCRATCH.get();
    int len = encode(s, expt, key, suffix);
    int n;
    MessageDigest md = s.md5;
    if (md != null) {
      // the JDK's MD5 is a HotSpot intrinsic on x86_64 and aarch64 (JDK 16+); scratch buffers: no allocation
      md.update(s.buf, 0, len);
      try {
        md.digest(s.digest, 0, 16);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
      byte[] d = s.digest;
      n = (d[0] & 0xff) | (d[1] & 0xff) << 8 | (d[2] & 0xff) << 16 | (d[3] & 0xff) << 24;
    } else {
      n = md5FirstWord(s.buf, len, s.w);
    }
    return Math.abs((double) n / Integer.MIN_VALUE);
  }

  /** UTF-8 bytes as the server encodes them (lone surrogates become U+FFFD); for tests of the encoding. */
  static byte[] utf8(String s) {
    int n = s.length();
    byte[] ascii = new byte[n];
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        ascii = null;
        break;
      }
      ascii[i] = (byte) c;
    }
    if (ascii != null) {
      return ascii;
    }
    byte[] buf = new byte[n * 3];
    return java.util.Arrays.copyOf(buf, encodeSlow(s, 0, buf, 0));
  }

  /** Bucket of a whole key (tests, tools). */
  public static double bucket(String key) {
    return hash(false, "", key);
  }

  /**
   * The server's {@code IsInRollout(key, [min, max])}: the near-full range shortcut, the empty range, then a
   * closed interval test on the bucket.
   */
  public static boolean inRollout(double bucket, double min, double max) {
    if (min == 0 && 1 - max < FULL_RANGE_TOLERANCE) {
      return true;
    }
    if (min == 0 && max == 0) {
      return false;
    }
    return min <= bucket && bucket <= max;
  }

  /** True when a range is decided without hashing (full range or empty {@code [0,0]}). */
  static boolean decidedWithoutHash(double min, double max) {
    return min == 0 && (1 - max < FULL_RANGE_TOLERANCE || max == 0);
  }

  private static final String EXPT = "expt";

  /** Encodes [expt] + key + suffix as UTF-8 into the scratch buffer, leaving room for MD5 padding. */
  private static int encode(Scratch s, boolean expt, String key, String suffix) {
    int max = (EXPT.length() + key.length() + suffix.length()) * 3 + 72;
    byte[] buf = s.buf;
    if (buf.length < max) {
      buf = new byte[Math.max(max, buf.length * 2)];
      s.buf = buf;
    }
    int o = expt ? ascii(EXPT, buf, 0) : 0;
    o = ascii(key, buf, o);
    if (o >= 0) {
      o = ascii(suffix, buf, o);
    }
    if (o < 0) {
      // not all ASCII: encode the concatenation, so a surrogate pair split across the parts stays a pair
      o = encodeSlow((expt ? EXPT : "") + key + suffix, 0, buf, 0);
    }
    return o;
  }

  /** Copies an ASCII string at {@code o}; returns the new end, or -1 at the first non-ASCII character. */
  private static int ascii(String str, byte[] buf, int o) {
    for (int i = 0, n = str.length(); i < n; i++) {
      char c = str.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      buf[o++] = (byte) c;
    }
    return o;
  }

  /** UTF-8 as .NET's {@code Encoding.UTF8} writes it: a lone surrogate becomes U+FFFD (EF BF BD). */
  private static int encodeSlow(String suffix, int from, byte[] buf, int o) {
    int n = suffix.length();
    for (int i = from; i < n; i++) {
      char c = suffix.charAt(i);
      if (c < 0x80) {
        buf[o++] = (byte) c;
      } else if (c < 0x800) {
        buf[o++] = (byte) (0xc0 | c >> 6);
        buf[o++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(suffix.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, suffix.charAt(++i));
        buf[o++] = (byte) (0xf0 | cp >> 18);
        buf[o++] = (byte) (0x80 | (cp >> 12 & 0x3f));
        buf[o++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        buf[o++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        if (Character.isSurrogate(c)) {
          c = '\ufffd';
        }
        buf[o++] = (byte) (0xe0 | c >> 12);
        buf[o++] = (byte) (0x80 | (c >> 6 & 0x3f));
        buf[o++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return o;
  }

  /**
   * First little-endian word of MD5(buf[0..len)), i.e. {@code b0 | b1<<8 | b2<<16 | b3<<24} of the digest.
   * Pads in place ({@code buf} must have 72 spare bytes).
   */
  static int md5FirstWord(byte[] buf, int len, int[] w) {
    int total = ((len + 8) / 64 + 1) * 64;
    buf[len] = (byte) 0x80;
    for (int i = len + 1; i < total - 8; i++) {
      buf[i] = 0;
    }
    long bits = (long) len * 8;
    for (int i = 0; i < 8; i++) {
      buf[total - 8 + i] = (byte) (bits >>> (8 * i));
    }
    int h0 = 0x67452301;
    int h1 = 0xefcdab89;
    int h2 = 0x98badcfe;
    int h3 = 0x10325476;
    for (int off = 0; off < total; off += 64) {
      for (int i = 0; i < 16; i++) {
        int j = off + i * 4;
        w[i] = (buf[j] & 0xff) | (buf[j + 1] & 0xff) << 8 | (buf[j + 2] & 0xff) << 16 | (buf[j + 3] & 0xff) << 24;
      }
      int a = h0;
      int b = h1;
      int c = h2;
      int d = h3;
      boolean last = off + 64 == total;
      // round 1
      a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w[0] + 0xd76aa478, 7);
      d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w[1] + 0xe8c7b756, 12);
      c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w[2] + 0x242070db, 17);
      b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w[3] + 0xc1bdceee, 22);
      a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w[4] + 0xf57c0faf, 7);
      d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w[5] + 0x4787c62a, 12);
      c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w[6] + 0xa8304613, 17);
      b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w[7] + 0xfd469501, 22);
      a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w[8] + 0x698098d8, 7);
      d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w[9] + 0x8b44f7af, 12);
      c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w[10] + 0xffff5bb1, 17);
      b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w[11] + 0x895cd7be, 22);
      a = b + Integer.rotateLeft(a + ((b & c) | (~b & d)) + w[12] + 0x6b901122, 7);
      d = a + Integer.rotateLeft(d + ((a & b) | (~a & c)) + w[13] + 0xfd987193, 12);
      c = d + Integer.rotateLeft(c + ((d & a) | (~d & b)) + w[14] + 0xa679438e, 17);
      b = c + Integer.rotateLeft(b + ((c & d) | (~c & a)) + w[15] + 0x49b40821, 22);
      // round 2
      a = b + Integer.rotateLeft(a + ((b & d) | (c & ~d)) + w[1] + 0xf61e2562, 5);
      d = a + Integer.rotateLeft(d + ((a & c) | (b & ~c)) + w[6] + 0xc040b340, 9);
      c = d + Integer.rotateLeft(c + ((d & b) | (a & ~b)) + w[11] + 0x265e5a51, 14);
      b = c + Integer.rotateLeft(b + ((c & a) | (d & ~a)) + w[0] + 0xe9b6c7aa, 20);
      a = b + Integer.rotateLeft(a + ((b & d) | (c & ~d)) + w[5] + 0xd62f105d, 5);
      d = a + Integer.rotateLeft(d + ((a & c) | (b & ~c)) + w[10] + 0x02441453, 9);
      c = d + Integer.rotateLeft(c + ((d & b) | (a & ~b)) + w[15] + 0xd8a1e681, 14);
      b = c + Integer.rotateLeft(b + ((c & a) | (d & ~a)) + w[4] + 0xe7d3fbc8, 20);
      a = b + Integer.rotateLeft(a + ((b & d) | (c & ~d)) + w[9] + 0x21e1cde6, 5);
      d = a + Integer.rotateLeft(d + ((a & c) | (b & ~c)) + w[14] + 0xc33707d6, 9);
      c = d + Integer.rotateLeft(c + ((d & b) | (a & ~b)) + w[3] + 0xf4d50d87, 14);
      b = c + Integer.rotateLeft(b + ((c & a) | (d & ~a)) + w[8] + 0x455a14ed, 20);
      a = b + Integer.rotateLeft(a + ((b & d) | (c & ~d)) + w[13] + 0xa9e3e905, 5);
      d = a + Integer.rotateLeft(d + ((a & c) | (b & ~c)) + w[2] + 0xfcefa3f8, 9);
      c = d + Integer.rotateLeft(c + ((d & b) | (a & ~b)) + w[7] + 0x676f02d9, 14);
      b = c + Integer.rotateLeft(b + ((c & a) | (d & ~a)) + w[12] + 0x8d2a4c8a, 20);
      // round 3
      a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w[5] + 0xfffa3942, 4);
      d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w[8] + 0x8771f681, 11);
      c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w[11] + 0x6d9d6122, 16);
      b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w[14] + 0xfde5380c, 23);
      a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w[1] + 0xa4beea44, 4);
      d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w[4] + 0x4bdecfa9, 11);
      c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w[7] + 0xf6bb4b60, 16);
      b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w[10] + 0xbebfbc70, 23);
      a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w[13] + 0x289b7ec6, 4);
      d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w[0] + 0xeaa127fa, 11);
      c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w[3] + 0xd4ef3085, 16);
      b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w[6] + 0x04881d05, 23);
      a = b + Integer.rotateLeft(a + (b ^ c ^ d) + w[9] + 0xd9d4d039, 4);
      d = a + Integer.rotateLeft(d + (a ^ b ^ c) + w[12] + 0xe6db99e5, 11);
      c = d + Integer.rotateLeft(c + (d ^ a ^ b) + w[15] + 0x1fa27cf8, 16);
      b = c + Integer.rotateLeft(b + (c ^ d ^ a) + w[2] + 0xc4ac5665, 23);
      // round 4
      a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w[0] + 0xf4292244, 6);
      d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w[7] + 0x432aff97, 10);
      c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w[14] + 0xab9423a7, 15);
      b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w[5] + 0xfc93a039, 21);
      a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w[12] + 0x655b59c3, 6);
      d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w[3] + 0x8f0ccc92, 10);
      c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w[10] + 0xffeff47d, 15);
      b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w[1] + 0x85845dd1, 21);
      a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w[8] + 0x6fa87e4f, 6);
      d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w[15] + 0xfe2ce6e0, 10);
      c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w[6] + 0xa3014314, 15);
      b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w[13] + 0x4e0811a1, 21);
      a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + w[4] + 0xf7537e82, 6);
      if (last) {
        // The last three steps only change d, c and b, which do not feed the first output word.
        return h0 + a;
      }
      d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + w[11] + 0xbd3af235, 10);
      c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + w[2] + 0x2ad7d2bb, 15);
      b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + w[9] + 0xeb86d391, 21);
      h0 += a;
      h1 += b;
      h2 += c;
      h3 += d;
    }
    throw new AssertionError("unreachable");
  }
}
