package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's offline quick start as a user runs it: the {@code QuickStart} block is written to a file as it
 * stands in the README (imports included), compiled against the SDK and its runtime dependencies only, and run
 * in a directory holding a copy of {@code examples/flags.json}; what it prints must be what the README says it
 * prints.
 */
class ReadmeQuickStartTest {
  static final Path README = Path.of("../README.md");
  static final Path FLAGS = Path.of("../examples/flags.json");

  @TempDir
  Path dir;

  static String block(String readme, String language, String containing) {
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).contains(containing)) {
        found.add(m.group(1));
      }
    }
    assertThat(found).as("README %s blocks containing %s", language, containing).hasSize(1);
    return found.get(0);
  }

  /** The test's class path without the test-only jars: the SDK's classes, jackson-core and slf4j-api. */
  static String runtimeClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.endsWith("target" + File.separator + "classes") && e.contains("featbit-server-sdk")
            || e.contains("jackson-core") || e.contains("slf4j-api"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void theOfflineQuickStartCompilesAsWrittenAndPrintsWhatTheReadmeShows() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String source = block(readme, "java", "public class QuickStart");
    String expected = block(readme, "text", "new-checkout  = ");
    String classPath = runtimeClassPath();
    assertThat(classPath.split(File.pathSeparator)).hasSize(3);

    Path file = dir.resolve("QuickStart.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-cp", classPath, "-d", dir.toString(), file.toString());
    assertThat(rc).as("javac:%n%s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    Files.copy(FLAGS, dir.resolve("flags.json"));
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", dir + File.pathSeparator + classPath, "QuickStart")
        .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out;
    try (InputStream in = java.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(out).isZero();

    List<String> printed = out.lines().collect(Collectors.toList());
    List<String> shown = expected.lines().collect(Collectors.toList());
    assertThat(printed).hasSameSizeAs(shown);
    for (int i = 0; i < shown.size(); i++) {
      String line = shown.get(i);
      if (line.endsWith("...}]")) {   // the README shortens the all-flags JSON
        assertThat(printed.get(i)).startsWith(line.substring(0, line.length() - "...}]".length())).endsWith("}]");
      } else {
        assertThat(printed.get(i)).isEqualTo(line);
      }
    }
  }
}
