package dev.featbit.sdk.benchmarks;

import com.launchdarkly.sdk.ContextBuilder;
import com.launchdarkly.sdk.LDContext;
import dev.featbit.sdk.FBUser;
import java.util.LinkedHashMap;
import java.util.Map;

/** One user described once and built for both SDKs (text attributes as strings, numbers as numbers). */
final class Users {
  private final String key;
  private final String name;
  private final Map<String, Object> attributes = new LinkedHashMap<>();

  Users(String key, String name) {
    this.key = key;
    this.name = name;
  }

  Users set(String attribute, String value) {
    attributes.put(attribute, value);
    return this;
  }

  Users set(String attribute, int value) {
    attributes.put(attribute, value);
    return this;
  }

  String key() {
    return key;
  }

  FBUser featBit() {
    FBUser.Builder b = FBUser.builder(key).name(name);
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getValue() instanceof Integer) {
        b.custom(e.getKey(), (Integer) e.getValue());
      } else {
        b.custom(e.getKey(), (String) e.getValue());
      }
    }
    return b.build();
  }

  LDContext launchDarkly() {
    ContextBuilder b = LDContext.builder(key).name(name);
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getValue() instanceof Integer) {
        b.set(e.getKey(), (Integer) e.getValue());
      } else {
        b.set(e.getKey(), (String) e.getValue());
      }
    }
    return b.build();
  }
}
