package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a README's {@code java} blocks as a reader pastes them, each with the {@code import} lines it shows and
 * no other: a block that declares a class is a compilation unit of its own; any other block (a {@code @Bean}
 * method, a controller method) becomes the body of a class, after the members the README's text says the block
 * lives next to (declared with fully qualified types, so that they import nothing).
 */
final class ReadmeCompilation {
  private static final Pattern CLASS_DECLARATION =
      Pattern.compile("(?m)^(@[\\w.]+(\\([^)]*\\))?\\s+)*(public\\s+)?(final\\s+)?class\\s+\\w+");

  private ReadmeCompilation() {}

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** The block's {@code import} lines. */
  static String imports(String block) {
    StringBuilder out = new StringBuilder();
    for (String line : block.split("\\n", -1)) {
      if (line.startsWith("import ")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The block without its {@code import} lines. */
  static String body(String block) {
    StringBuilder out = new StringBuilder();
    for (String line : block.split("\\n", -1)) {
      if (!line.startsWith("import ")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Compiles every {@code java} block of {@code readme}, each with its own imports, with javac and the test class
   * path; fails with javac's diagnostics if one does not compile, if a block shows no import, or if it imports a
   * type it does not use.
   *
   * @param context member declarations (fields, methods) keyed by the text that, when a block contains it, makes
   *     the block's class declare them
   * @return the number of blocks compiled
   */
  static int assertEachBlockCompiles(Path readme, Map<String, String> context, Path workDir) throws IOException {
    List<String> blocks = javaBlocks(Files.readString(readme, StandardCharsets.UTF_8));
    List<String> files = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      String imports = imports(block);
      assertThat(imports).as("README block shows its imports:%n%s", block).isNotEmpty();
      String body = body(block);
      Matcher imported = Pattern.compile("(?m)^import [\\w.]+\\.(\\w+);$").matcher(imports);
      while (imported.find()) {
        assertThat(body).as("README block uses what it imports (%s):%n%s", imported.group(1), block)
            .containsPattern("\\b" + imported.group(1) + "\\b");
      }
      String source;
      if (CLASS_DECLARATION.matcher(body).find()) {
        source = imports + "\n" + body;
      } else {
        StringBuilder members = new StringBuilder();
        context.forEach((usage, declaration) -> {
          if (body.contains(usage)) {
            members.append("  ").append(declaration).append('\n');
          }
        });
        source = imports + "\nclass ReadmeBlock" + i + " {\n" + members + body + "}\n";
      }
      Path file = workDir.resolve("ReadmeBlock" + i + ".java");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      files.add(file.toString());
      all.append("// ").append(file.getFileName()).append('\n').append(source).append('\n');
    }
    List<String> args = new ArrayList<>(List.of("-proc:none", "-cp", System.getProperty("java.class.path"),
        "-d", workDir.toString()));
    args.addAll(files);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
    assertThat(rc).as("javac on the README's blocks:%n%s%n%s", all, diagnostics.toString(StandardCharsets.UTF_8))
        .isZero();
    return blocks.size();
  }
}
