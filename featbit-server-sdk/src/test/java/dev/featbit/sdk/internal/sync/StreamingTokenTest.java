package dev.featbit.sdk.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featbit.sdk.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PROTO-4: every token of {@code spec/vectors/token.json}, built exactly; positions random in [2, len). */
class StreamingTokenTest {
  static final JsonNode V = TestData.resourceJson("spec/vectors/token.json");

  @Test
  void proto4_tokensMatchTheVectors() {
    for (JsonNode e : V.get("examples")) {
      assertThat(StreamingToken.build(e.get("secret").asText(), e.get("timestampMs").asLong(), e.get("start").asInt()))
          .as(e.get("secret").asText()).isEqualTo(e.get("token").asText());
    }
  }

  @Test
  void worstCaseAndRandomPositions() {
    String secret = V.get("examples").get(0).get("secret").asText();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String t = StreamingToken.build(secret, 1_750_000_000_123L);
      assertThat(t).hasSize(62);
      prefixes.add(t.substring(0, 3));
    }
    // positions 2..43 are used (letters of 002..043), never 0 or 1
    assertThat(prefixes).doesNotContain("QQQ", "QQB").contains("QQW");
    assertThat(prefixes.size()).isGreaterThan(30);
    assertThat(StreamingToken.build(secret + "==", 1L, 5)).isEqualTo(StreamingToken.build(secret, 1L, 5));
  }
}
