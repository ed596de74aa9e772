package dev.featbit.sdk.testing;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.eval.Outcome;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;

/** Test helpers around clients and the store. */
public final class Clients {
  private Clients() {}

  /** The environment id a client derives from {@code secret} (32 hex digits). */
  public static String environmentId(String secret) {
    return new dev.featbit.sdk.internal.ClientContext(FBConfig.builder(secret).offline(true).build())
        .environmentId();
  }

  public static FBClient offline(String bootstrapJson) {
    return new FBClient(FBConfig.builder(null).offline(true).bootstrap(bootstrapJson).build());
  }

  public static DataStore store(String... messages) {
    DataStore store = new DataStore(new Compiler(FBConfig.DEFAULT_REGEX_STEP_BUDGET));
    for (String m : messages) {
      try {
        store.apply(DataSyncMessage.parseEnvelope(m));
      } catch (DataSyncMessage.InvalidMessageException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return store;
  }

  /** The raw outcome (served or defect fallback) of a flag in a store. */
  public static Outcome outcome(DataStore store, String key, FBUser user) {
    Snapshot s = store.snapshot();
    try {
      return s.flag(key).evaluate(user, s.segmentTable());
    } catch (Defect d) {
      return d.fallback;
    }
  }
}
