package dev.featbit.sdk.example;

import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small runnable tour of the SDK in offline mode: loads the FeatBit example data set (a full data-sync
 * message, as {@code GET /api/public/sdk/server/latest-all} returns it), evaluates typed flags with their
 * reasons for a few users, and prints all flags for one user.
 *
 * <p>Run: {@code mvn -B -q -pl featbit-server-sdk test-compile exec:java} (optionally
 * {@code -Dexec.args=path/to/flags.json}).
 */
public final class OfflineExample {
  private OfflineExample() {}

  public static void main(String[] args) throws IOException {
    String data = args.length > 0 ? Files.readString(Path.of(args[0])) : bundled();
    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(data).build();
    try (FBClient client = new FBClient(config)) {
      System.out.println("initialized: " + client.isInitialized());
      FBUser[] users = {
          FBUser.builder("u-100").name("Alice").custom("plan", "team").custom("country", "us").build(),
          FBUser.builder("u-300").name("Frank").custom("plan", "team").custom("seats", 750)
              .custom("tenant", "initech").custom("storageGb", " 75 ").custom("country", "fr").build(),
          FBUser.builder("u-910").name("Kim").custom("betaOptIn", false).custom("country", "es").build(),
      };
      for (FBUser user : users) {
        System.out.println();
        System.out.println("user " + user.key());
        print(client.boolVariationDetail("welcome-banner", user, false));
        print(client.stringVariationDetail("search-engine", user, "classic"));
        print(client.doubleVariationDetail("max-upload-mb", user, 10));
        print(client.jsonVariationDetail("pricing-page", user, "{}"));
        print(client.boolVariationDetail("no-such-flag", user, false));
      }
      AllFlagStates all = client.getAllLatestFlagVariations(users[1]);
      System.out.println();
      System.out.println("all flags for u-300 (front-end bootstrap JSON):");
      System.out.println(all.toJson());
    }
  }

  private static void print(EvalDetail<?> d) {
    System.out.printf("  %-15s = %-36s %-13s %s%n", d.flagKey(), d.value(), d.reason(), d.reasonText());
  }

  private static String bundled() throws IOException {
    try (InputStream in = OfflineExample.class.getClassLoader()
        .getResourceAsStream("spec/examples/data-sync-full.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
