package dev.featbit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippets are compiled code of this module (whitespace and imports aside), and each compiles
 * with the imports it shows.
 */
class ReadmeTest {

  static String normalized(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }

  @Test
  void javaSnippetsAreCompiledCode() throws IOException {
    check(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8), "java");
  }

  /** The root README's servlet lines ({@code ```java servlet} blocks) are code of this module too. */
  @Test
  void rootReadmeServletSnippetsAreCompiledCode() throws IOException {
    check(Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8), "java servlet");
  }

  static void check(String readme, String language) throws IOException {
    StringBuilder code = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        code.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
      }
    }
    String all = normalized(code.toString());
    List<String> snippets = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      snippets.add(m.group(1));
    }
    assertThat(snippets).as(language).hasSizeGreaterThanOrEqualTo(2);
    for (String snippet : snippets) {   // the imports a block shows: see eachJavaBlockCompilesWithTheImportsItShows
      String withoutImports = snippet.replaceAll("(?m)^import .*$", "");
      assertThat(all).as("README snippet:%n%s", snippet).contains(normalized(withoutImports));
    }
  }

  /** Pasted where the README says (set-up code, a servlet's doGet), a block needs only the imports it shows. */
  @Test
  void eachJavaBlockCompilesWithTheImportsItShows(@TempDir Path dir) throws IOException {
    ReadmeCompilation.assertEachBlockCompiles(Path.of("README.md"), List.of(
        "{\n  static void setUp(jakarta.servlet.ServletContext context) {\n{block}  }\n}",
        "extends jakarta.servlet.http.HttpServlet {\n  @Override\n  protected void doGet(jakarta.servlet.http.HttpServletRequest req,"
            + " jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {\n{block}  }\n}",
        "{\n  static Object resolver() {\n{block}    return users;\n  }\n}"), dir);
  }
}
