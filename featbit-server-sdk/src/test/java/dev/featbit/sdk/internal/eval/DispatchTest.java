package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bucketing hashes exactly the server's UTF-8 message, whatever each thread encoded before. */
class DispatchTest {
  /** The portable MD5 (fallback when no JDK MD5 is available) equals the JDK's on every length and byte. */
  @Test
  void portableMd5FirstWordMatchesTheJdk() throws Exception {
    MessageDigest md = MessageDigest.getInstance("MD5");
    SplittableRandom r = new SplittableRandom(7);
    for (int len = 0; len < 300; len++) {
      for (int rep = 0; rep < 20; rep++) {
        byte[] msg = new byte[len];
        for (int i = 0; i < len; i++) {
          msg[i] = (byte) r.nextInt(256);
        }
        byte[] d = md.digest(msg);
        int expected = (d[0] & 0xff) | (d[1] & 0xff) << 8 | (d[2] & 0xff) << 16 | (d[3] & 0xff) << 24;
        byte[] buf = java.util.Arrays.copyOf(msg, len + 72);
        assertThat(Dispatch.md5FirstWord(buf, len, new int[16])).as("length " + len).isEqualTo(expected);
      }
    }
  }

  @Test
  void loneSurrogatesAreEncodedAsReplacementCharacterLikeDotNet() {
    assertThat(Dispatch.utf8("a\ud800b")).containsExactly('a', 0xef, 0xbf, 0xbd, 'b');
    assertThat(Dispatch.bucket("f", "\ud800")).isEqualTo(Dispatch.bucket("f\ufffd"));
    assertThat(Dispatch.exptBucket("f", "\ud800")).isEqualTo(Dispatch.bucket("exptf\ufffd"));
  }

  /** The server hashes the UTF-8 of the concatenated string: a pair split between flag key and value stays one. */
  @Test
  void surrogatePairSplitBetweenKeyAndValueIsOneCharacter() {
    assertThat(Dispatch.bucket("k\ud83d", "\ude00")).isEqualTo(Dispatch.bucket("k\ud83d\ude00"))
        .isNotEqualTo(Dispatch.bucket("k\ufffd\ufffd"));
    assertThat(Dispatch.bucket("caf\u00e9-", "\u20ac")).isEqualTo(Dispatch.bucket("caf\u00e9-\u20ac"));
    assertThat(Dispatch.exptBucket("flag", "user-1")).isEqualTo(Dispatch.bucket("exptflaguser-1"));
  }

  /**
   * EVAL-20 / spec 6.7: the per-thread scratch buffer and digest never carry one bucket into the next. Whatever
   * order calls come in (the same or equal-but-distinct strings, expt or not, ASCII or not, shorter or longer
   * than the scratch buffer), every bucket equals MD5 of the server's UTF-8 message computed from scratch.
   */
  @Test
  void scratchStateNeverChangesABucket() throws Exception {
    MessageDigest md = MessageDigest.getInstance("MD5");
    SplittableRandom r = new SplittableRandom(11);
    String[] keys = {"flag-a", "flag-b", "", "caf\u00e9", "k\ud83d", "x".repeat(300), new String("flag-a")};
    String[] values = {"user-1", "user-2", "", "\ude00", "\u20ac-user", "u".repeat(700), new String("user-1"),
        "\ud800"};
    for (int i = 0; i < 5_000; i++) {
      boolean expt = r.nextInt(4) == 0;
      String key = keys[r.nextInt(keys.length)];
      String value = values[r.nextInt(values.length)];
      double actual = expt ? Dispatch.exptBucket(key, value) : Dispatch.bucket(key, value);
      byte[] d = md.digest(Dispatch.utf8((expt ? "expt" : "") + key + value));
      int n = (d[0] & 0xff) | (d[1] & 0xff) << 8 | (d[2] & 0xff) << 16 | (d[3] & 0xff) << 24;
      assertThat(actual).as("call %d: expt=%s key=%s value=%s", i, expt, brief(key), brief(value))
          .isEqualTo(Math.abs((double) n / Integer.MIN_VALUE));
    }
  }

  private static String brief(String s) {
    return s.length() <= 16 ? s : s.substring(0, 8) + "... (" + s.length() + " chars)";
  }
}
