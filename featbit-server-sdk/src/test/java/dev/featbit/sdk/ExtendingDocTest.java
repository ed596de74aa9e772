package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.testsupport.ReadmeCompilation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java blocks of docs/extending.md compile as a reader pastes them, with the imports they show; what the
 * text names ({@code latestAll}, the test kit's {@code server}) is given.
 */
class ExtendingDocTest {
  @Test
  void everyJavaBlockCompilesWithTheImportsItShows(@TempDir Path dir) throws Exception {
    int blocks = ReadmeCompilation.assertCompiles(Path.of("../docs/extending.md"),
        "String latestAll, dev.featbit.testkit.FeatBitTestServer server", dir);
    assertThat(blocks).isEqualTo(2);
  }
}
