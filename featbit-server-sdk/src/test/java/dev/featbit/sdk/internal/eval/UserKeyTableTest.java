package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed user-key table answers exactly like a {@code HashMap} with first-value-wins insertion, for keys of
 * one length and of many, with characters above U+00FF, with more distinct values than fit in a byte, and with
 * one builder reused for table after table.
 */
class UserKeyTableTest {
  private static FBUser user(String key) {
    return FBUser.builder(new String(key)).build(); // a distinct instance: nothing matches by identity
  }

  @Test
  void sameAnswersAsAHashMapForRandomKeysWithOneBuilderReused() {
    Random r = new Random(42);
    UserKeyTable.Builder b = new UserKeyTable.Builder();
    for (int round = 0; round < 400; round++) {
      int n = round % 50 == 7 ? 5_000 + r.nextInt(3_000) : r.nextInt(300);
      boolean uniform = r.nextBoolean();
      int distinctValues = r.nextInt(4) == 0 ? 300 : 1 + r.nextInt(3);
      boolean map = r.nextBoolean();
      b.reset();
      Map<String, Object> expected = new HashMap<>();
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < distinctValues; i++) {
        values.add("value " + i);
      }
      for (int i = 0; i < n; i++) {
        String k = uniform ? uniformKey(r) : randomKey(r);
        Object v = map ? values.get(r.nextInt(distinctValues)) : null;
        assertThat(b.add(k, v)).isEqualTo(!expected.containsKey(k));
        assertThat(b.contains(k)).isTrue();
        expected.putIfAbsent(k, v);
      }
      assertThat(b.size()).isEqualTo(expected.size());
      UserKeyTable t = map ? b.buildMap() : b.buildSet();
      assertThat(t.size()).isEqualTo(expected.size());
      assertThat(t.isEmpty()).isEqualTo(expected.isEmpty());
      for (Map.Entry<String, Object> e : expected.entrySet()) {
        FBUser u = user(e.getKey());
        assertThat(t.contains(u)).as(e.getKey()).isTrue();
        assertThat(t.containsByChars(new String(e.getKey()))).as(e.getKey()).isTrue();
        if (map) {
          assertThat(t.get(u)).isSameAs(e.getValue());
          assertThat(t.getByChars(new String(e.getKey()))).isSameAs(e.getValue());
        }
      }
      for (int i = 0; i < 300; i++) {
        String probe = i % 2 == 0 ? uniformKey(r) : randomKey(r);
        FBUser u = user(probe);
        assertThat(t.contains(u)).as(probe).isEqualTo(expected.containsKey(probe));
        assertThat(t.containsByChars(probe)).as(probe).isEqualTo(expected.containsKey(probe));
        assertThat(t.get(u)).isEqualTo(map ? expected.get(probe) : null);
        assertThat(t.getByChars(probe)).isEqualTo(map ? expected.get(probe) : null);
      }
    }
  }

  /** Keys added as bytes (as a data set read packed adds them) are the same keys as those added as strings. */
  @Test
  void keysAddedAsBytesAndAsStringsAreOneSet() {
    UserKeyTable.Builder b = new UserKeyTable.Builder();
    Map<String, Object> expected = new HashMap<>();
    Random r = new Random(3);
    for (int i = 0; i < 3_000; i++) {
      String k = i % 7 == 0 ? randomKey(r) : uniformKey(r) + "-" + "x".repeat(r.nextInt(40));
      boolean latin1 = k.chars().allMatch(c -> c <= 0xFF);
      if (latin1 && r.nextBoolean()) {
        byte[] bytes = k.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] padded = new byte[bytes.length + 5]; // the key in the middle of a larger array, as in a list
        System.arraycopy(bytes, 0, padded, 2, bytes.length);
        assertThat(b.contains(padded, 2, 2 + bytes.length, k.hashCode())).isEqualTo(expected.containsKey(k));
        assertThat(b.add(padded, 2, 2 + bytes.length, k.hashCode(), i)).isEqualTo(!expected.containsKey(k));
      } else {
        assertThat(b.add(k, i)).isEqualTo(!expected.containsKey(k));
      }
      expected.putIfAbsent(k, i);
    }
    UserKeyTable t = b.buildMap();
    assertThat(t.size()).isEqualTo(expected.size());
    expected.forEach((k, v) -> assertThat(t.get(user(k))).as(k).isEqualTo(v));
    assertThat(t.get(user("absent"))).isNull();
  }

  /** Keys of 1-7 characters from a few letters, Latin-1 letters and CJK ideographs (many share prefixes). */
  private static String randomKey(Random r) {
    int len = 1 + r.nextInt(7);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int kind = r.nextInt(12);
      b.append(kind < 8 ? (char) ('a' + r.nextInt(4)) : kind < 11 ? (char) (0xe0 + r.nextInt(3))
          : (char) (0x4e00 + r.nextInt(3)));
    }
    return b.toString();
  }

  /** Keys like {@code user-00012345}: one length, one prefix. */
  private static String uniformKey(Random r) {
    return String.format("user-%08d", r.nextInt(20_000));
  }

  @Test
  void equalHashCodesLengthsPrefixesAndCharactersAboveLatin1() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    UserKeyTable.Builder b = new UserKeyTable.Builder();
    b.add("Aa", 1);
    b.add("BB", 2);
    b.add("ab", 4);
    b.add("abc", 5);
    b.add("日本", 6);
    b.add("ÿé", 7);
    b.add("Aa", 99); // first value wins
    b.add("日本", 98);
    UserKeyTable m = b.buildMap();
    assertThat(m.size()).isEqualTo(6);
    assertThat(m.get(user("Aa"))).isEqualTo(1);
    assertThat(m.get(user("BB"))).isEqualTo(2);
    assertThat(m.get(user("ab"))).isEqualTo(4);
    assertThat(m.get(user("abc"))).isEqualTo(5);
    assertThat(m.get(user("日本"))).isEqualTo(6);
    assertThat(m.get(user("ÿé"))).isEqualTo(7);
    assertThat(m.get(user("a"))).isNull();
    assertThat(m.get(user("abcd"))).isNull();
    assertThat(m.get(user("日"))).isNull();
    assertThat(m.get(user("Ab"))).isNull();
    // a character above U+00FF whose low byte is a packed key's character never matches it
    assertThat(m.get(user("\u0141a"))).isNull(); // 0x41 is 'A'
    assertThat(m.contains(user("\u0142\u0142"))).isFalse(); // 0x42 is 'B'
  }

  @Test
  void emptyTablesAndUsersWithoutAKey() {
    UserKeyTable.Builder b = new UserKeyTable.Builder();
    assertThat(b.buildSet().contains(user("x"))).isFalse();
    assertThat(UserKeyTable.EMPTY.isEmpty()).isTrue();
    assertThat(UserKeyTable.EMPTY.get(user("x"))).isNull();
    b.add("x");
    b.add("日");
    UserKeyTable t = b.buildSet();
    assertThat(t.contains(FBUser.builder(null).build())).isFalse();
    assertThat(t.contains(user(""))).isFalse();
    b.reset();
    b.add("");
    assertThat(b.buildSet().contains(user(""))).isTrue();
  }

  @Test
  void onlyCharactersAboveLatin1() {
    UserKeyTable.Builder b = new UserKeyTable.Builder();
    b.add("日本", "a");
    b.add("中文", "b");
    UserKeyTable t = b.buildMap();
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.get(user("中文"))).isEqualTo("b");
    assertThat(t.get(user("ab"))).isNull();
  }
}
