package dev.featbit.servlet;

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
import javax.tools.ToolProvider;

/**
 * Compiles a README's {@code java} blocks as a reader pastes them, each with the {@code import} lines it shows and
 * no other, each in the place the README's text puts it: a class {@code ReadmeBlock<n>} whose declaration goes on
 * with the block's enclosing text, where {@code {block}} stands for the block (the enclosing text uses fully
 * qualified types, so that it imports nothing).
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

  /**
   * Fails with javac's diagnostics if a block does not compile in its place, if a block shows no import or
   * imports a type it does not use, or if the README has not one block per enclosing text.
   */
  static void assertEachBlockCompiles(Path readme, List<String> enclosing, Path workDir) throws IOException {
    List<String> blocks = javaBlocks(Files.readString(readme, StandardCharsets.UTF_8));
    assertThat(blocks).as("the README's java blocks, one per enclosing text").hasSameSizeAs(enclosing);
    List<String> args = new ArrayList<>(List.of("-proc:none", "-cp", System.getProperty("java.class.path"),
        "-d", workDir.toString()));
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : blocks.get(i).split("\\n", -1)) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      assertThat(imports).as("README block shows its imports:%n%s", blocks.get(i)).isNotEmpty();
      Matcher imported = Pattern.compile("(?m)^import [\\w.]+\\.(\\w+);$").matcher(imports);
      while (imported.find()) {
        assertThat(body).as("README block uses what it imports (%s):%n%s", imported.group(1), blocks.get(i))
            .containsPattern("\\b" + imported.group(1) + "\\b");
      }
      String source = imports + "\nclass ReadmeBlock" + i + " " + enclosing.get(i).replace("{block}", body) + "\n";
      Path file = workDir.resolve("ReadmeBlock" + i + ".java");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      args.add(file.toString());
      all.append("// ").append(file.getFileName()).append('\n').append(source).append('\n');
    }
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(new String[0]));
    assertThat(rc).as("javac on the README's blocks:%n%s%n%s", all, diagnostics.toString(StandardCharsets.UTF_8))
        .isZero();
  }
}
