package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key table answers exactly like a {@code HashMap} with first-value-wins insertion. */
class KeyTableTest {
  @Test
  void sameAnswersAsAHashMapForRandomKeys() {
    Random r = new Random(42);
    for (int round = 0; round < 200; round++) {
      int n = r.nextInt(300);
      KeyTable.Builder b = new KeyTable.Builder();
      Map<String, Object> expected = new HashMap<>();
      for (int i = 0; i < n; i++) {
        String k = randomKey(r);
        Object v = "v" + i;
        assertThat(b.add(k, v)).isEqualTo(!expected.containsKey(k));
        expected.putIfAbsent(k, v);
      }
      KeyTable map = b.buildMap();
      assertThat(map.size()).isEqualTo(expected.size());
      for (Map.Entry<String, Object> e : expected.entrySet()) {
        assertThat(map.get(new String(e.getKey()))).isSameAs(e.getValue());
        assertThat(map.contains(e.getKey())).isTrue();
      }
      for (int i = 0; i < 200; i++) {
        String probe = randomKey(r);
        assertThat(map.get(probe)).isEqualTo(expected.get(probe));
      }
    }
  }

  private static String randomKey(Random r) {
    int len = r.nextInt(6);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int kind = r.nextInt(10);
      b.append(kind < 7 ? (char) ('a' + r.nextInt(4)) : kind < 9 ? (char) (0xe0 + r.nextInt(3))
          : (char) (0x4e00 + r.nextInt(3)));
    }
    return b.toString();
  }

  @Test
  void equalHashCodesPrefixesEmptyKeyAndMixedEncodings() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    KeyTable.Builder b = new KeyTable.Builder();
    b.add("Aa", 1);
    b.add("BB", 2);
    b.add("", 3);
    b.add("ab", 4);
    b.add("abc", 5);
    b.add("日本", 6);
    b.add("Aa", 99); // first value wins
    KeyTable m = b.buildMap();
    assertThat(m.get("Aa")).isEqualTo(1);
    assertThat(m.get("BB")).isEqualTo(2);
    assertThat(m.get("")).isEqualTo(3);
    assertThat(m.get("ab")).isEqualTo(4);
    assertThat(m.get("abc")).isEqualTo(5);
    assertThat(m.get("日本")).isEqualTo(6);
    assertThat(m.get("a")).isNull();
    assertThat(m.get("abcd")).isNull();
    assertThat(m.get("AaBB")).isNull();
    assertThat(KeyTable.EMPTY.contains("")).isFalse();
    assertThat(KeyTable.EMPTY.isEmpty()).isTrue();
    KeyTable set = new KeyTable.Builder().buildSet();
    assertThat(set).isSameAs(KeyTable.EMPTY);
  }

  @Test
  void fewDistinctValuesAndManyAsSizesGrow() {
    Object[] served = {"a", "b", "c"};
    for (int n : new int[] {1, 2, 5, 6, 7, 100, 127, 128, 129, 1000}) {
      KeyTable.Builder b = new KeyTable.Builder();
      for (int i = 0; i < n; i++) {
        assertThat(b.add("key-" + i, served[i % 3])).isTrue();
        assertThat(b.contains("key-" + i)).isTrue();
      }
      KeyTable few = b.buildMap();
      KeyTable.Builder each = new KeyTable.Builder();
      Object[] own = new Object[n];
      for (int i = 0; i < n; i++) {
        own[i] = new Object();
        each.add("key-" + i, own[i]);
      }
      KeyTable many = each.buildMap();
      for (int i = 0; i < n; i++) {
        String key = new String("key-" + i); // another instance: compared by value
        assertThat(few.get(key)).isSameAs(served[i % 3]);
        assertThat(many.get(key)).as("%d distinct values, key %d", n, i).isSameAs(own[i]);
      }
      assertThat(few.get("key-" + n)).isNull();
      assertThat(many.get("key-" + n)).isNull();
      assertThat(few.size()).isEqualTo(n);
      assertThat(many.size()).isEqualTo(n);
      KeyTable set = b.buildSet();
      assertThat(set.contains("key-" + (n - 1))).isTrue();
      assertThat(set.get("key-0")).isNull();
    }
  }
}
