package dev.featbit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.ReadmeCompilation;
import dev.featbit.sdk.Components;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.spi.PersistentDataStoreFactory;
import dev.featbit.testkit.RedisTestServer;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java blocks are in this test and run against a real Redis and the test kit's server, and they
 * compile with the imports they show.
 */
class ReadmeTest {
  static final Path README = Path.of("README.md");
  static final Path SELF = Path.of("src/test/java/dev/featbit/redis/ReadmeTest.java");

  @Test
  void theSnippetsRunAWriterAndADaemon() throws Exception {
    try (RedisTestServer redisServer = Redis.start();
        FeatBitTestServer featbit = FeatBitTestServer.start()) {
      featbit.load(TestFlag.bool("new-checkout").serve(true));
      String envSecret = featbit.secret();
      String streamingUrl = featbit.streamingUrl();
      String redisUri = redisServer.uri();

      PersistentDataStoreFactory redis = RedisDataStore.builder()
          .uri(redisUri)                            // e.g. redis://localhost:6379; rediss://... is TLS
          .build();
      FBConfig writerConfig = FBConfig.builder(envSecret).streamingUrl(streamingUrl)
          .dataStore(Components.persistentDataStore(redis))
          .build();
      FBClient writer = new FBClient(writerConfig);

      FBConfig daemonConfig = FBConfig.builder(envSecret)
          .dataSync(Components.noDataSync())        // no connection to the evaluation server
          .dataStore(Components.persistentDataStore(redis).cacheTtl(Duration.ofSeconds(30)))
          .disableEvents()                          // or keep events on: they go to the event URL as usual
          .build();
      FBClient daemon = new FBClient(daemonConfig);

      FBUser user = FBUser.builder("u").build();
      assertThat(FleetTest.until(daemon::isInitialized)).isTrue();
      assertThat(daemon.boolVariation("new-checkout", user, false)).isTrue();
      featbit.upsertFlag(TestFlag.bool("new-checkout").serve(false));
      assertThat(FleetTest.until(() -> !daemon.boolVariation("new-checkout", user, true))).isTrue();
      daemon.close();
      writer.close();
    }
  }

  /** A reader who pastes the blocks, with the settings the text names, needs only the imports they show. */
  @Test
  void eachBlockCompilesWithTheImportsItShows(@TempDir Path dir) throws IOException {
    assertThat(ReadmeCompilation.assertCompiles(README, "String envSecret, String streamingUrl, String redisUri", dir))
        .isEqualTo(2);
  }

  @Test
  void everyJavaBlockOfTheReadmeIsInThisTest() throws IOException {
    List<String> self = lines(Files.readString(SELF, StandardCharsets.UTF_8));
    List<String> blocks = blocks(Files.readString(README, StandardCharsets.UTF_8), "java");
    assertThat(blocks).hasSize(2);
    for (String block : blocks) {
      assertThat(Collections.indexOfSubList(self, lines(block))).as("README block in ReadmeTest:%n%s", block)
          .isGreaterThanOrEqualTo(0);
    }
  }

  static List<String> blocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.trim().equals("```" + language)) {
        current = new StringBuilder();
      } else if (current != null && line.trim().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  /** The text's non-blank lines, trimmed, without imports (see eachBlockCompilesWithTheImportsItShows). */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.trim().isEmpty() && !line.startsWith("import ")) {
        out.add(line.trim());
      }
    }
    return out;
  }
}
