package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plain Java objects (the SDK's JSON values) to OpenFeature values and back. */
class ValuesTest {
  @Test
  void plainToValue() {
    assertThat(Values.toValue(null).isNull()).isTrue();
    assertThat(Values.toValue("x")).isEqualTo(new Value("x"));
    assertThat(Values.toValue(true)).isEqualTo(new Value(true));
    assertThat(Values.toValue(7)).isEqualTo(new Value(7));
    assertThat(Values.toValue((short) 7)).isEqualTo(new Value(7));
    assertThat(Values.toValue(7L)).isEqualTo(new Value(7));
    assertThat(Values.toValue(5_000_000_000L)).isEqualTo(new Value(5.0e9));
    assertThat(Values.toValue(BigInteger.TEN)).isEqualTo(new Value(10));
    assertThat(Values.toValue(BigInteger.TEN.pow(30)).asDouble()).isEqualTo(1e30);
    assertThat(Values.toValue(new BigDecimal("1.25"))).isEqualTo(new Value(1.25));
    assertThat(Values.toValue(1.5f)).isEqualTo(new Value(1.5));
    assertThat(Values.toValue(Instant.EPOCH).asInstant()).isEqualTo(Instant.EPOCH);
    assertThat(Values.toValue(Set.of("only")).asList()).containsExactly(new Value("only"));

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", null);
    m.put("l", Arrays.asList(1, "a", null, Map.of("k", false)));
    Value v = Values.toValue(m);
    assertThat(v.isStructure()).isTrue();
    assertThat(v.asStructure().getValue("n").isNull()).isTrue();
    List<Value> l = v.asStructure().getValue("l").asList();
    assertThat(l.get(0)).isEqualTo(new Value(1));
    assertThat(l.get(1)).isEqualTo(new Value("a"));
    assertThat(l.get(2).isNull()).isTrue();
    assertThat(l.get(3).asStructure().getValue("k").asBoolean()).isFalse();
    assertThat(v.asStructure().asObjectMap()).containsKeys("n", "l");
  }

  @Test
  void valueToPlain() {
    assertThat(Values.toPlain(null)).isNull();
    assertThat(Values.toPlain(new Value())).isNull();
    assertThat(Values.toPlain(new Value("x"))).isEqualTo("x");
    assertThat(Values.toPlain(new Value(false))).isEqualTo(false);
    assertThat(Values.toPlain(new Value(3))).isEqualTo(3);
    assertThat(Values.toPlain(new Value(3L))).isEqualTo(3L);
    assertThat(Values.toPlain(new Value(2.5))).isEqualTo(2.5);
    assertThat(Values.toPlain(new Value(Instant.parse("2024-01-02T03:04:05Z")))).isEqualTo("2024-01-02T03:04:05Z");
    Value nested = new Value(new MutableStructure().add("a", 1).add("b", List.of(new Value("x"), new Value()))
        .add("c", new ImmutableStructure(Map.of("d", new Value(true)))));
    assertThat(Values.toPlain(nested)).isEqualTo(Map.of("a", 1, "b", Arrays.asList("x", null), "c", Map.of("d", true)));
    // round trip
    assertThat(Values.toValue(Values.toPlain(nested))).isEqualTo(new Value(new ImmutableStructure(Map.of(
        "a", new Value(1), "b", new Value(List.of(new Value("x"), new Value())),
        "c", new Value(new ImmutableStructure(Map.of("d", new Value(true))))))));
  }
}
