package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Maven and Gradle coordinates the READMEs give (root and module READMEs): every {@code dev.featbit}
 * artifact named is a module of this build, at the build's version.
 */
class ReadmeCoordinatesTest {
  static final Path ROOT = Path.of("..");
  static final Pattern MAVEN = Pattern.compile(
      "<groupId>dev\\.featbit</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*(?:<version>([^<]+)</version>)?");
  static final Pattern GRADLE = Pattern.compile("\"dev\\.featbit:([a-z-]+)(?::([^\"]+))?\"");

  static List<Path> readmes() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(ROOT.resolve("README.md"));
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path d : dirs.sorted().collect(Collectors.toList())) {
        if (Files.exists(d.resolve("README.md")) && Files.exists(d.resolve("pom.xml"))) {
          out.add(d.resolve("README.md"));
        }
      }
    }
    return out;
  }

  static List<String> blocks(String markdown, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyCoordinateIsAModuleOfThisBuildAtItsVersion() throws IOException {
    String version = System.getProperty("featbit.build.version");
    assertThat(version).as("featbit.build.version, set by the build").isNotBlank();
    int seen = 0;
    for (Path readme : readmes()) {
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      List<String[]> found = new ArrayList<>();   // artifact id, version (null: from the BOM)
      for (String b : blocks(text, "xml")) {
        for (Matcher m = MAVEN.matcher(b); m.find(); ) {
          found.add(new String[] {m.group(1), m.group(2)});
        }
      }
      for (String b : blocks(text, "kotlin")) {
        for (Matcher m = GRADLE.matcher(b); m.find(); ) {
          found.add(new String[] {m.group(1), m.group(2)});
        }
      }
      for (String[] c : found) {
        assertThat(ROOT.resolve(c[0]).resolve("pom.xml")).as("%s names %s", readme, c[0]).exists();
        if (c[1] != null) {
          assertThat(c[1]).as("%s: version of %s", readme, c[0]).isEqualTo(version);
        }
        seen++;
      }
    }
    assertThat(seen).as("coordinates in the READMEs").isGreaterThanOrEqualTo(6);
  }

  @Test
  void theRootReadmeGivesMavenGradleAndTheBom() throws IOException {
    String text = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String xml = String.join("\n", blocks(text, "xml"));
    String kotlin = String.join("\n", blocks(text, "kotlin"));
    assertThat(xml).contains("<artifactId>featbit-server-sdk</artifactId>").contains("<artifactId>featbit-bom</artifactId>")
        .contains("<scope>import</scope>");
    assertThat(kotlin).contains("implementation(\"dev.featbit:featbit-server-sdk:")
        .contains("platform(\"dev.featbit:featbit-bom:");
  }
}
