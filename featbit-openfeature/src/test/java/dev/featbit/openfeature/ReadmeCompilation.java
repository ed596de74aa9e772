package dev.featbit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a README's {@code java} blocks as a reader pastes them: the blocks, in order, form one method body,
 * and the {@code import} lines they carry are the only imports. Names the README's text introduces (the
 * configuration's secret, the application's {@code OpenTelemetry}...) are the method's parameters, declared
 * with fully qualified types so that they import nothing.
 */
final class ReadmeCompilation {
  private ReadmeCompilation() {}

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** The blocks' import lines, and the rest as one method body, compiled; fails with javac's diagnostics if they do not compile. */
  static void assertCompiles(Path readme, String parameters, Path workDir) throws IOException {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String block : javaBlocks(Files.readString(readme, StandardCharsets.UTF_8))) {
      for (String line : block.split("\\n", -1)) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
    }
    assertThat(imports).as("the README's java blocks carry their imports").isNotEmpty();
    String source = imports + "\nclass ReadmeBlocks {\n  static void run(" + parameters + ") throws Exception {\n"
        + body + "  }\n}\n";
    Path file = workDir.resolve("ReadmeBlocks.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-proc:none", "-cp", System.getProperty("java.class.path"),
        "-d", workDir.toString(), file.toString());
    assertThat(rc).as("javac on the README's blocks:%n%s%n%s", source, diagnostics.toString(StandardCharsets.UTF_8))
        .isZero();
  }
}
