package dev.featbit.sdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store's persistent map: the same answers as a {@code HashMap}, old versions unchanged, paths shared. */
class HashTrieTest {

  static Map<String, Integer> contents(HashTrie<Integer> t) {
    Map<String, Integer> m = new HashMap<>();
    t.forEach((k, v) -> assertThat(m.put(k, v)).as("key %s visited once", k).isNull());
    return m;
  }

  /** Keys whose {@code String.hashCode()} are all equal ("Aa" and "BB" hash alike): the collision lists. */
  static List<String> collidingKeys(int pairs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 1 << pairs; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < pairs; j++) {
        b.append((i >> j & 1) == 0 ? "Aa" : "BB");
      }
      out.add(b.toString());
    }
    return out;
  }

  @Test
  void randomPutsAnswerAsAHashMapAndLeaveEveryOlderVersionAsItWas() {
    Random rnd = new Random(42);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      keys.add("flag-" + rnd.nextInt(1_000_000));
    }
    keys.addAll(collidingKeys(6)); // 64 keys with one hash
    HashTrie<Integer> t = HashTrie.empty();
    Map<String, Integer> expected = new HashMap<>();
    List<HashTrie<Integer>> versions = new ArrayList<>();
    List<Map<String, Integer>> expectedVersions = new ArrayList<>();
    for (int op = 0; op < 20_000; op++) {
      String k = keys.get(rnd.nextInt(keys.size()));
      int v = rnd.nextInt(100);
      t = t.put(k, v);
      expected.put(k, v);
      assertThat(t.get(k)).isEqualTo(v);
      if (op % 2000 == 0) {
        versions.add(t);
        expectedVersions.add(new HashMap<>(expected));
      }
    }
    assertThat(t.size()).isEqualTo(expected.size());
    assertThat(contents(t)).isEqualTo(expected);
    for (String k : keys) {
      assertThat(t.get(k)).isEqualTo(expected.get(k));
    }
    assertThat(t.get("absent")).isNull();
    assertThat(t.get("AaAaAaAaAaAaAa")).as("colliding hash, absent key").isNull();
    for (int i = 0; i < versions.size(); i++) {
      assertThat(contents(versions.get(i))).as("version %d", i).isEqualTo(expectedVersions.get(i));
      assertThat(versions.get(i).size()).isEqualTo(expectedVersions.get(i).size());
    }
  }

  @Test
  void keysSharingTheirWholeHashAreKeptApart() {
    List<String> keys = collidingKeys(5);
    HashTrie.Builder<Integer> b = new HashTrie.Builder<>();
    for (int i = 0; i < keys.size(); i++) {
      b.put(keys.get(i), i);
    }
    HashTrie<Integer> t = b.build();
    HashTrie<Integer> t2 = t.put(keys.get(7), -1);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(t.get(keys.get(i))).isEqualTo(i);
      assertThat(t2.get(keys.get(i))).isEqualTo(i == 7 ? -1 : i);
    }
    assertThat(t2.size()).isEqualTo(keys.size());
    assertThat(contents(t2)).hasSize(keys.size());
  }

  @Test
  void replacingOneEntryOfALargeMapCopiesOnlyItsPath() {
    HashTrie.Builder<Integer> b = new HashTrie.Builder<>();
    for (int i = 0; i < 100_000; i++) {
      b.put("flag-" + i, i);
    }
    HashTrie<Integer> t = b.build();
    assertThat(t.size()).isEqualTo(100_000);
    assertThat(t.depth()).isBetween(3, 6);
    HashTrie<Integer> replaced = t.put("flag-500", -1);
    HashTrie<Integer> added = t.put("new-flag", 1);
    assertThat(replaced.nodesNotIn(t)).isBetween(1, t.depth());
    assertThat(added.nodesNotIn(t)).isBetween(1, t.depth() + 1);
    assertThat(replaced.size()).isEqualTo(100_000);
    assertThat(added.size()).isEqualTo(100_001);
    assertThat(t.get("flag-500")).isEqualTo(500);
    assertThat(replaced.get("flag-500")).isEqualTo(-1);
    assertThat(t.get("new-flag")).isNull();
    assertThat(t.put("flag-7", t.get("flag-7"))).as("same value: the same map").isSameAs(t);
  }

  @Test
  void aBuiltMapIsNotChangedByLaterPutsAndTheBuilderIsSingleUse() {
    HashTrie.Builder<Integer> b = new HashTrie.Builder<>();
    for (int i = 0; i < 1000; i++) {
      b.put("k" + i, i);
    }
    b.put("k1", 100); // replaced in place while building
    HashTrie<Integer> t = b.build();
    assertThat(t.size()).isEqualTo(1000);
    assertThat(t.get("k1")).isEqualTo(100);
    HashTrie<Integer> u = t;
    for (int i = 0; i < 1000; i++) {
      u = u.put("k" + i, -i);
      u = u.put("x" + i, i);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(t.get("k" + i)).isEqualTo(i == 1 ? 100 : i);
      assertThat(t.get("x" + i)).isNull();
    }
    assertThatThrownBy(() -> b.put("late", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.put("k", null)).isInstanceOf(NullPointerException.class);
    assertThat(new HashTrie.Builder<Integer>().build().isEmpty()).isTrue();
  }
}
