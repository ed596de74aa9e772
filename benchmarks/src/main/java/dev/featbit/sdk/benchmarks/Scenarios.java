package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.benchmarks.FlagModel.Clause;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.benchmarks.FlagModel.Flag;
import dev.featbit.sdk.benchmarks.FlagModel.Rule;
import dev.featbit.sdk.benchmarks.FlagModel.Segment;
import dev.featbit.sdk.benchmarks.FlagModel.Serve;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** The flags and users of every scenario, built identically for FeatBit and LaunchDarkly. */
final class Scenarios {
  private Scenarios() {}

  // ------------------------------------------------------------------------------------------ users

  /** The user of S1, S3 and S5. */
  static Users benchUser() {
    return new Users("user-bench-4f2a", "Ada Lovelace")
        .set("country", "nl")
        .set("plan", "enterprise")
        .set("age", 42)
        .set("email", "ada.lovelace@example.com");
  }

  // ------------------------------------------------------------------------------------------ S1

  static final String S1_FLAG = "s1-enabled-bool";

  /** S1: enabled boolean flag, no targets or rules; the fallthrough serves {@code true}. */
  static DataSet s1() {
    return new DataSet().add(Flag.bool(S1_FLAG).fallthrough(Serve.fixed(0)));
  }

  // ------------------------------------------------------------------------------------------ S2

  static final String S2_FLAG = "s2-individual-targets";

  static List<String> s2TargetKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(guid("s2-target-" + i));
    }
    return keys;
  }

  /** The targeted user: key #50 of the 100-key list. */
  static Users s2User() {
    return new Users(s2TargetKeys().get(50), "Targeted").set("country", "nl").set("plan", "team");
  }

  /** S2: one 100-key individual target list serving {@code true}; the fallthrough serves {@code false}. */
  static DataSet s2() {
    return new DataSet().add(Flag.bool(S2_FLAG).target(0, s2TargetKeys()).fallthrough(Serve.fixed(1)));
  }

  // ------------------------------------------------------------------------------------------ S3

  static final String S3_FLAG = "s3-five-rules";
  static final String S3_SEGMENT = "s3-beta-segment";

  /** 20 country codes without "nl". */
  static final List<String> COUNTRIES_WITHOUT_NL = List.of("us", "ca", "mx", "br", "ar", "gb", "ie", "fr", "de",
      "es", "pt", "it", "at", "ch", "be", "dk", "se", "no", "fi", "pl");
  /** 20 country codes, "nl" last. */
  static final List<String> COUNTRIES_WITH_NL = List.of("us", "ca", "mx", "br", "ar", "gb", "ie", "fr", "de",
      "es", "pt", "it", "at", "ch", "be", "dk", "se", "no", "fi", "nl");

  /**
   * S3: five rules of two conditions each; only the LAST rule matches {@link #benchUser()} (country nl, plan
   * enterprise, age 42, email ada.lovelace@example.com). Each rule's FIRST condition passes and its SECOND
   * fails, so every condition of rules 1-4 is really evaluated, and each of rules 1-4 fails on a different
   * condition kind:
   *
   * <pre>
   * rule 1: plan Equal "enterprise" (pass)              AND country IsOneOf [20, no "nl"] (FAIL: IsOneOf)
   * rule 2: age BiggerThan 18 (pass)                    AND email MatchRegex "@bigcorp\.com$" (FAIL: regex)
   * rule 3: User is in segment [s3-beta-segment] (pass) AND plan Equal "free" (FAIL: Equal)
   * rule 4: country IsOneOf [20, "nl" last] (pass)      AND age BiggerThan 65 (FAIL: BiggerThan)
   * rule 5: email MatchRegex "@example\.com$" (pass)    AND User is in segment [s3-beta-segment] (pass) -> "rule-5"
   * </pre>
   *
   * Every condition kind (Equal, IsOneOf, BiggerThan, MatchRegex, segment) appears twice. The segment has a
   * 50-key included list that does NOT contain the user and one rule (plan Equal "enterprise") that matches,
   * so each segment test checks excluded, included and then the rule. The flag is a string flag whose
   * variations name the serving path, so a wrong rule cannot go unnoticed.
   */
  static DataSet s3() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      members.add(guid("s3-member-" + i));
    }
    Segment seg = new Segment(S3_SEGMENT, members).rule(Clause.equal("plan", "enterprise"));
    Flag f = Flag.strings(S3_FLAG, "rule-1", "rule-2", "rule-3", "rule-4", "rule-5", "fallthrough")
        .rule(new Rule(Serve.fixed(0), Clause.equal("plan", "enterprise"), Clause.oneOf("country", COUNTRIES_WITHOUT_NL)))
        .rule(new Rule(Serve.fixed(1), Clause.greater("age", 18), Clause.regex("email", "@bigcorp\\.com$")))
        .rule(new Rule(Serve.fixed(2), Clause.inSegment(seg), Clause.equal("plan", "free")))
        .rule(new Rule(Serve.fixed(3), Clause.oneOf("country", COUNTRIES_WITH_NL), Clause.greater("age", 65)))
        .rule(new Rule(Serve.fixed(4), Clause.regex("email", "@example\\.com$"), Clause.inSegment(seg)))
        .fallthrough(Serve.fixed(5));
    return new DataSet().add(seg).add(f);
  }

  // ------------------------------------------------------------------------------------------ S4

  static final String S4_FLAG = "s4-rollout";
  static final int S4_USERS = 1024; // power of two: index with a mask

  /** S4: string flag, fallthrough 3-way rollout [0,0.34] [0.34,0.67] [0.67,1] (LaunchDarkly 34/33/33 %). */
  static DataSet s4() {
    return new DataSet().add(Flag.strings(S4_FLAG, "a", "b", "c").fallthrough(Serve.rollout(34_000, 33_000, 33_000)));
  }

  /** 1024 users with random-looking UUID keys (fixed seed). */
  static List<Users> s4Users() {
    Random r = new Random(42);
    List<Users> users = new ArrayList<>();
    for (int i = 0; i < S4_USERS; i++) {
      users.add(new Users(new UUID(r.nextLong(), r.nextLong()).toString(), "User " + i).set("plan", "team"));
    }
    return users;
  }

  // ------------------------------------------------------------------------------------------ S5 / mixed

  /**
   * A representative mixed set of {@code n} flags and {@code max(1, n / 100)} segments:
   *
   * <ul>
   *   <li>40 %: boolean flags without targets or rules (every 20th one disabled);
   *   <li>20 %: string flags (3 variations) with two 10-key individual target lists (the bench user is
   *       targeted in every 20th flag);
   *   <li>40 %: string flags with 2-3 rules and rollouts: rule 1 {@code country IsOneOf [5]} (fixed), rule 2
   *       {@code plan Equal .. AND age BiggerThan ..} (50/50 rollout), every other flag a rule 3 with a
   *       segment condition or a regex (fixed); fallthrough a 34/33/33 rollout.
   * </ul>
   *
   * Segments: a 20-key included list and one rule ({@code country IsOneOf [...]} or {@code plan Equal ..}).
   */
  static DataSet mixed(int n) {
    DataSet ds = new DataSet();
    int segmentCount = Math.max(1, n / 100);
    for (int j = 0; j < segmentCount; j++) {
      List<String> members = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        members.add("seg-" + j + "-member-" + k);
      }
      Segment s = new Segment(String.format("segment-%04d", j), members);
      if (j % 2 == 0) {
        s.rule(Clause.oneOf("country", List.of("nl", "de", "fr")));
      } else {
        s.rule(Clause.equal("plan", "startup"));
      }
      ds.add(s);
    }
    String benchKey = benchUser().key();
    for (int i = 0; i < n; i++) {
      String key = String.format("flag-%05d", i);
      int kind = i % 10;
      Flag f;
      if (kind <= 3) {
        f = Flag.bool(key).fallthrough(Serve.fixed(i % 2));
        if (i % 20 == 3) {
          f.off();
        }
      } else if (kind <= 5) {
        f = Flag.strings(key, "red", "green", "blue").fallthrough(Serve.fixed(0));
        List<String> t1 = new ArrayList<>();
        List<String> t2 = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
          t1.add(key + "-target-a-" + k);
          t2.add(key + "-target-b-" + k);
        }
        if (i % 20 == 4) {
          t2.add(benchKey);
        }
        f.target(1, t1).target(2, t2);
      } else {
        f = Flag.strings(key, "v0", "v1", "v2").fallthrough(Serve.rollout(34_000, 33_000, 33_000));
        List<String> countries = i % 4 == 0 ? List.of("de", "fr", "nl", "be", "lu") : List.of("us", "ca", "gb", "ie", "au");
        f.rule(new Rule(Serve.fixed(1), Clause.oneOf("country", countries)));
        f.rule(new Rule(Serve.rollout(50_000, 0, 50_000), Clause.equal("plan", i % 3 == 0 ? "enterprise" : "team"),
            Clause.greater("age", i % 50)));
        if (i % 2 == 0) {
          if (i % 4 == 2) {
            f.rule(new Rule(Serve.fixed(2), Clause.inSegment(ds.segments.get((i / 10) % segmentCount))));
          } else {
            f.rule(new Rule(Serve.fixed(2), Clause.regex("email", "@(example|test)\\.com$")));
          }
        }
      }
      ds.add(f);
    }
    return ds;
  }

  /** The data sets the load probes and {@link ParseBenchmark} accept by name. */
  static DataSet dataSet(String name, int n) {
    switch (name) {
      case "mixed":
        return mixed(n);
      case "heavy":
        return heavy(n);
      default:
        throw new IllegalArgumentException("unknown data set " + name + " (mixed or heavy)");
    }
  }

  /** Regex patterns of the heavy set's random conditions: real patterns, not literal suffixes. */
  static final List<String> HEAVY_PATTERNS = List.of("^[a-z.]+@corp\\.example$", "^\\d+\\.\\d+\\.\\d+$",
      "(?i)^user-[0-9a-f]{8}$", "^(us|ca|gb|ie|au)$", "@(example|test)\\.com$");
  static final List<String> HEAVY_ATTRIBUTES = List.of("country", "plan", "email", "version", "region", "tier");

  /**
   * A second generated set of {@code n} flags and {@code max(1, n / 100)} segments, shaped like a large
   * production environment (fixed seed): every flag, variation, rule and condition id is a UUID; 20 % of the
   * flags hold a 100-key individual target list of random keys ({@code user-} and 8 digits); 20 % hold five
   * rules of two random conditions (Equal, IsOneOf, BiggerThan, MatchRegex with a real pattern, or a segment);
   * the other 60 % are boolean or three-variation string flags without targets or rules (half of the string
   * ones with a 34/33/33 rollout). Segments as in {@link #mixed}, with 20 UUID member keys. 1,761 bytes of
   * FeatBit JSON per flag.
   */
  static DataSet heavy(int n) {
    Random r = new Random(17);
    DataSet ds = new DataSet();
    int segmentCount = Math.max(1, n / 100);
    for (int j = 0; j < segmentCount; j++) {
      List<String> members = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        members.add(new UUID(r.nextLong(), r.nextLong()).toString());
      }
      Segment s = new Segment("heavy-segment-" + new UUID(r.nextLong(), r.nextLong()), members);
      s.rule(j % 2 == 0 ? Clause.oneOf("country", List.of("nl", "de", "fr")) : Clause.equal("plan", "startup"));
      ds.add(s);
    }
    for (int i = 0; i < n; i++) {
      String key = "flag-" + new UUID(r.nextLong(), r.nextLong()).toString().substring(0, 13) + "-" + i;
      int kind = i % 10;
      Flag f;
      if (kind <= 1) { // 20 %: a 100-key target list
        f = Flag.bool(key).fallthrough(Serve.fixed(1));
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
          keys.add(String.format("user-%08d", r.nextInt(100_000_000)));
        }
        f.target(0, keys);
      } else if (kind <= 3) { // 20 %: five rules of two random conditions
        f = Flag.strings(key, "v0", "v1", "v2").fallthrough(Serve.rollout(34_000, 33_000, 33_000));
        for (int k = 0; k < 5; k++) {
          f.rule(new Rule(Serve.fixed(r.nextInt(3)), randomClause(r, ds), randomClause(r, ds)));
        }
      } else if (kind <= 6) {
        f = Flag.bool(key).fallthrough(Serve.fixed(i % 2));
        if (i % 20 == 5) {
          f.off();
        }
      } else {
        f = Flag.strings(key, "red", "green", "blue")
            .fallthrough(i % 2 == 0 ? Serve.rollout(34_000, 33_000, 33_000) : Serve.fixed(r.nextInt(3)));
      }
      ds.add(f);
    }
    return ds;
  }

  private static Clause randomClause(Random r, DataSet ds) {
    String attribute = HEAVY_ATTRIBUTES.get(r.nextInt(HEAVY_ATTRIBUTES.size()));
    switch (r.nextInt(5)) {
      case 0:
        return Clause.equal(attribute, "value-" + r.nextInt(50));
      case 1:
        List<String> values = new ArrayList<>();
        for (int k = 0, m = 2 + r.nextInt(6); k < m; k++) {
          values.add("v" + r.nextInt(100));
        }
        return Clause.oneOf(attribute, values);
      case 2:
        return Clause.greater("age", r.nextInt(90));
      case 3:
        return Clause.regex(attribute, HEAVY_PATTERNS.get(r.nextInt(HEAVY_PATTERNS.size())));
      default:
        return Clause.inSegment(ds.segments.get(r.nextInt(ds.segments.size())));
    }
  }

  static final int S5_FLAGS = 100;

  static String guid(String seed) {
    return FlagModel.guid(seed);
  }
}
