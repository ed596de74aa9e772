package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/conformance.md: every row names at least one test, and every test it names exists. */
class ConformanceTableTest {
  static final Path DOC = Path.of("../docs/conformance.md");
  static final Pattern TEST = Pattern.compile("`((?:internal\\.[a-z]+\\.)?[A-Z][A-Za-z]+)\\.([a-z][A-Za-z0-9_]*)`");

  @Test
  void everyRowNamesTestsThatExist() throws Exception {
    List<String> missing = new ArrayList<>();
    int rows = 0;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (!line.startsWith("| ") || line.startsWith("| Check ")) {
        continue;
      }
      rows++;
      String[] cells = line.split("\\|");
      Matcher m = TEST.matcher(cells[2]);
      int found = 0;
      while (m.find()) {
        found++;
        if (!isTest("dev.featbit.sdk." + m.group(1), m.group(2))) {
          missing.add(m.group(1) + "." + m.group(2));
        }
      }
      assertThat(found).as("tests named in row: %s", line).isPositive();
    }
    assertThat(rows).as("checks in the table").isGreaterThanOrEqualTo(45);
    assertThat(missing).as("named tests that do not exist").isEmpty();
  }

  static boolean isTest(String className, String method) {
    try {
      for (Method m : Class.forName(className).getDeclaredMethods()) {
        if (m.getName().equals(method) && (m.isAnnotationPresent(Test.class)
            || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class))) {
          return true;
        }
      }
      return false;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
