package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The server's number and boolean grammars (spec 6.5, 6.11) beyond the shared vectors. */
class DotNetTextTest {
  @Test
  void fastPathAgreesWithCorrectlyRoundedParsing() {
    SplittableRandom r = new SplittableRandom(42);
    for (int n = 0; n < 200_000; n++) {
      int intLen = r.nextInt(0, 12);
      int fracLen = r.nextInt(0, 12);
      StringBuilder sb = new StringBuilder();
      if (r.nextBoolean()) {
        sb.append('-');
      }
      for (int i = 0; i < intLen; i++) {
        sb.append((char) ('0' + r.nextInt(10)));
      }
      if (fracLen > 0 || intLen == 0) {
        sb.append('.');
        for (int i = 0; i < Math.max(fracLen, 1); i++) {
          sb.append((char) ('0' + r.nextInt(10)));
        }
      }
      String text = sb.toString();
      double expected = Double.parseDouble(text);
      assertThat(Double.doubleToRawLongBits(DotNetText.parseNumber(text))).as(text)
          .isEqualTo(Double.doubleToRawLongBits(expected));
    }
  }

  @Test
  void separatorsWhiteSpaceAndNuls() {
    assertThat(DotNetText.parseNumber("1,234,567.25")).isEqualTo(1234567.25);
    // short digit strings take a fast path; it must agree with the grammar at and past its limit
    assertThat(DotNetText.parseNumber("0")).isEqualTo(0.0);
    assertThat(DotNetText.parseNumber("007")).isEqualTo(7.0);
    assertThat(DotNetText.parseNumber("999999999")).isEqualTo(999999999.0);
    assertThat(DotNetText.parseNumber("1234567890")).isEqualTo(1234567890.0);
    assertThat(DotNetText.parseNumber("42 ")).isEqualTo(42.0);
    assertThat(DotNetText.parseNumber("4x")).isNaN();
    assertThat(DotNetText.parseNumber("12345678901234567890")).isEqualTo(1.2345678901234567e19);
    assertThat(DotNetText.parseNumber("0.1")).isEqualTo(0.1);
    assertThat(DotNetText.parseNumber("5 \0")).isEqualTo(5);
    assertThat(DotNetText.parseNumber("5\0 ")).isNaN();
    assertThat(DotNetText.parseNumber("\u00a05")).isNaN();
    assertThat(DotNetText.parseNumber("\u00a0Infinity")).isInfinite();
    assertThat(DotNetText.parseNumber("+ Infinity")).isNaN();
    assertThat(DotNetText.parseNumber("- 5")).isNaN();
    assertThat(DotNetText.parseNumber("1e-400")).isZero();
  }

  @Test
  void longAndBooleanConversion() {
    assertThat(DotNetText.parseLong(" -42 ")).isEqualTo(-42L);
    assertThat(DotNetText.parseLong("+7")).isEqualTo(7L);
    assertThat(DotNetText.parseLong("1.0")).isNull();
    assertThat(DotNetText.parseLong("9223372036854775808")).isNull();
    assertThat(DotNetText.parseLong("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(DotNetText.parseLong("+")).isNull();
    assertThat(DotNetText.parseBoolean(" TRUE ")).isTrue();
    assertThat(DotNetText.parseBoolean("False")).isFalse();
    assertThat(DotNetText.parseBoolean("yes")).isNull();
    assertThat(DotNetText.parseBoolean("falſe")).isNull();
  }
}
