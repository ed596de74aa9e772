package dev.featbit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Commands tested against a data file: each test starts with the demo's flags in {@code data}. */
abstract class DemoDataFileTest {
  @TempDir
  Path dir;
  Path data;

  @BeforeEach
  void writeDemoData() throws Exception {
    data = dir.resolve("flags.json");
    Files.writeString(data, DemoCommand.demoData());
  }
}
