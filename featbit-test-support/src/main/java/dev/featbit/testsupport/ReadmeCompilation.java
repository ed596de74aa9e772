package dev.featbit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

/**
 * Compiles a README's {@code java} blocks as a reader pastes them: the blocks, in order, form one method body, and
 * the {@code import} lines they show are the only imports. Names the README's text introduces (a secret, a URL,
 * an {@code OpenTelemetry}...) are the method's parameters, declared with fully qualified types so that they
 * import nothing.
 */
public final class ReadmeCompilation {
  private ReadmeCompilation() {}

  /**
   * Fails with javac's diagnostics if the blocks do not compile, if a block shows no import, or if a block imports
   * a type it does not use.
   *
   * @param readme the Markdown file
   * @param parameters the generated method's parameter list, e.g. {@code "String envSecret"}
   * @param workDir a scratch directory for the source and the classes
   * @return the number of blocks compiled
   * @throws IOException if the README cannot be read or the source not written
   */
  public static int assertCompiles(Path readme, String parameters, Path workDir) throws IOException {
    Set<String> imports = new LinkedHashSet<>();
    StringBuilder body = new StringBuilder();
    int blocks = 0;
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
    while (m.find()) {
      blocks++;
      StringBuilder own = new StringBuilder();
      StringBuilder code = new StringBuilder();
      for (String line : m.group(1).split("\\n", -1)) {
        (line.startsWith("import ") ? own : code).append(line).append('\n');
      }
      assertThat(own).as("README block shows its imports:%n%s", m.group(1)).isNotEmpty();
      Matcher imported = Pattern.compile("(?m)^import [\\w.]+\\.(\\w+);$").matcher(own);
      while (imported.find()) {
        assertThat(code).as("README block uses what it imports (%s):%n%s", imported.group(1), m.group(1))
            .containsPattern("\\b" + imported.group(1) + "\\b");
        imports.add(imported.group());
      }
      body.append(code);
    }
    String source = String.join("\n", imports) + "\n\nclass ReadmeBlocks {\n  static void run(" + parameters
        + ") throws Exception {\n" + body + "  }\n}\n";
    Path file = workDir.resolve("ReadmeBlocks.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "-proc:none",
        "-cp", System.getProperty("java.class.path"), "-d", workDir.toString(), file.toString());
    assertThat(rc).as("javac on the README's blocks:%n%s%n%s", source, diagnostics.toString(StandardCharsets.UTF_8))
        .isZero();
    return blocks;
  }
}
