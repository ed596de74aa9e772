package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testkit.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java blocks of docs/durability.md, verbatim: compiled, the configurations built and the file one run. */
class DurabilityDocTest {
  static final Path DOC = Path.of("../docs/durability.md");
  static final Path SELF = Path.of("src/test/java/dev/featbit/sdk/DurabilityDocTest.java");
  static final Path TESTDATA = Path.of("../featbit-testdata/src/test/java/dev/featbit/testdata/TestDataTest.java");

  @Test
  void everyJavaBlockOfTheDocumentIsInATest() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String tests = ReadmeVerbatimTest.normalized(Files.readString(SELF, StandardCharsets.UTF_8)) + " "
        + ReadmeVerbatimTest.normalized(Files.readString(TESTDATA, StandardCharsets.UTF_8));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSize(3);
    for (String b : blocks) {
      assertThat(tests).as("block:%n%s", b).contains(ReadmeVerbatimTest.normalized(b));
    }
  }

  @Test
  void theSnapshotConfigurationBuilds() {
    String secret = Secrets.newSecret();
    FBConfig config = FBConfig.builder(secret)
        .streamingUrl("wss://featbit.example.com")
        .dataStore(Components.inMemoryDataStore()
            .snapshotFile(Path.of("/var/lib/myapp/featbit.snapshot"))
            .snapshotInterval(Duration.ofSeconds(5)))     // the default
        .build();
    assertThat(config.dataStore().snapshotFile()).isEqualTo(Path.of("/var/lib/myapp/featbit.snapshot"));
    assertThat(config.dataStore().snapshotInterval()).isEqualTo(
        dev.featbit.sdk.config.DataStoreBuilder.DEFAULT_SNAPSHOT_INTERVAL);
  }

  @Test
  void theFileDataSourceExampleRuns(@TempDir Path dir) throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path flags = dir.resolve("flags.json");
    Path segments = dir.resolve("segments.json");
    Files.writeString(flags, "{\"featureFlags\":[" + dev.featbit.testkit.TestFlag.bool("f")
        .toJson("2025-03-01T08:00:00Z") + "],\"segments\":[]}");
    Files.writeString(segments, "{\"featureFlags\":[],\"segments\":[]}");
    // the document's form (files relative to the working directory) builds...
    FBConfig config = FBConfig.builder(null)                       // no secret: no network at all
        .dataSync(Components.fileDataSource(Path.of("flags.json"), Path.of("segments.json")))
        .events(Components.noEvents())
        .build();
    assertThat(config.isEventsDisabled()).isTrue();
    assertThat(cwd).isNotNull();
    // ...and runs with the files in a folder of the test
    FBConfig inDir = config.toBuilder()
        .dataSync(Components.fileDataSource(dir.resolve("flags.json"), dir.resolve("segments.json"))).build();
    try (FBClient client = new FBClient(inDir)) {
      assertThat(client.boolVariation("f", FBUser.builder("u").build(), false)).isTrue();
    }
  }
}
