package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.benchmarks.FlagModel.Clause;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import dev.featbit.sdk.benchmarks.FlagModel.Flag;
import dev.featbit.sdk.benchmarks.FlagModel.Rule;
import dev.featbit.sdk.benchmarks.FlagModel.Serve;
import java.util.ArrayList;
import java.util.List;

/**
 * S7 and S8: rules whose conditions are real regular expressions (anchors, classes, quantifiers,
 * alternations, case-insensitive options, one back-reference), in the syntax both dialects read alike.
 */
final class RegexScenarios {
  private RegexScenarios() {}

  /** {attribute, pattern}: the twelve conditions of S7, in rule order; only the last matches the user. */
  static final String[][] CONDITIONS = {
      {"email", "^[a-z0-9._%+-]+@corp\\.example$"},
      {"email", "(?i)^[a-z0-9._%+-]+@(bigcorp|megacorp)\\.(com|net)$"},
      {"version", "^1\\.\\d+\\.\\d+$"},
      {"version", "^2\\.(1[5-9]|[2-9]\\d)\\.\\d+$"},
      {"deviceId", "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"},
      {"country", "^(us|ca|mx|br|ar|gb|ie|fr|de|es|pt|it)$"},
      {"country", "(?i)^(AT|CH|BE|DK|SE|NO)$"},
      {"userAgent", "Chrome/\\d+"},
      {"userAgent", "(?i)\\b(android|iphone|ipad)\\b"},
      {"plan", "(?i)^(free|trial)$"},
      {"email", "^([a-z])\\1"},
      {"email", "^[a-z]+\\.[a-z]+@example\\.com$"},
  };

  /** The conditions the SDK proves linear (all but the back-reference). */
  static final int[] LINEAR = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11};

  static final String S7_FLAG = "s7-regex-rules";

  static Users regexUser() {
    return new Users("user-regex-7c1d", "Ada Lovelace")
        .set("email", "ada.lovelace@example.com")
        .set("version", "2.14.3")
        .set("deviceId", "3f2a9c1e-7b4d-4e8a-9f61-0c5d2b7a8e14")
        .set("country", "nl")
        .set("userAgent", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")
        .set("plan", "enterprise");
  }

  /** The user's value of each condition's attribute, in condition order. */
  static String[] inputs() {
    Users u = regexUser();
    String[] in = new String[CONDITIONS.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = u.featBit().custom(CONDITIONS[i][0]);
    }
    return in;
  }

  /** S7: twelve rules of one regex condition each, serving "rule-1".."rule-12"; only rule 12 matches. */
  static DataSet s7() {
    String[] names = new String[CONDITIONS.length + 1];
    for (int i = 0; i < CONDITIONS.length; i++) {
      names[i] = "rule-" + (i + 1);
    }
    names[CONDITIONS.length] = "fallthrough";
    Flag f = Flag.strings(S7_FLAG, names);
    for (int i = 0; i < CONDITIONS.length; i++) {
      f.rule(new Rule(Serve.fixed(i), Clause.regex(CONDITIONS[i][0], CONDITIONS[i][1])));
    }
    f.fallthrough(Serve.fixed(CONDITIONS.length));
    return new DataSet().add(f);
  }

  /**
   * S8: a 100-flag mixed set in which the rules are regex conditions: 40 % boolean flags without rules, 20 %
   * string flags with two 10-key target lists, 40 % string flags with three rules (two of the twelve S7
   * conditions, rotating, then {@code country} matching {@code ^(nl|be|lu)$}) and a rollout fallthrough.
   */
  static DataSet s8() {
    DataSet ds = new DataSet();
    for (int i = 0; i < 100; i++) {
      String key = String.format("regex-flag-%03d", i);
      int kind = i % 10;
      Flag f;
      if (kind <= 3) {
        f = Flag.bool(key).fallthrough(Serve.fixed(i % 2));
      } else if (kind <= 5) {
        f = Flag.strings(key, "red", "green", "blue").fallthrough(Serve.fixed(0));
        List<String> t1 = new ArrayList<>();
        List<String> t2 = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
          t1.add(key + "-target-a-" + k);
          t2.add(key + "-target-b-" + k);
        }
        f.target(1, t1).target(2, t2);
      } else {
        f = Flag.strings(key, "v0", "v1", "v2", "v3").fallthrough(Serve.rollout(34_000, 33_000, 33_000, 0));
        String[] a = CONDITIONS[i % 11];
        String[] b = CONDITIONS[(i + 5) % 11];
        f.rule(new Rule(Serve.fixed(1), Clause.regex(a[0], a[1])));
        f.rule(new Rule(Serve.fixed(2), Clause.regex(b[0], b[1])));
        f.rule(new Rule(Serve.fixed(3), Clause.regex("country", "^(nl|be|lu)$")));
      }
      ds.add(f);
    }
    return ds;
  }
}
