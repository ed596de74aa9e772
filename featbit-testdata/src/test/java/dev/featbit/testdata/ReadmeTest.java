package dev.featbit.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root README's {@code ```java testdata} blocks are code of this module: verbatim (whitespace aside) between
 * the {@code README: begin} and {@code README: end} lines of {@link CheckoutTest}, which runs them.
 */
class ReadmeTest {
  static String normalized(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }

  @Test
  void rootReadmeTestDataBlocksAreCheckoutTestVerbatim() throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String test = Files.readString(Path.of("src/test/java/dev/featbit/testdata/CheckoutTest.java"),
        StandardCharsets.UTF_8);
    Matcher region = Pattern.compile("(?s)// README: begin\\n(.*?)// README: end").matcher(test);
    assertThat(region.find()).as("CheckoutTest marks the README's lines").isTrue();
    Matcher m = Pattern.compile("```java testdata\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSize(1);
    assertThat(normalized(blocks.get(0))).isEqualTo(normalized(region.group(1)));
  }
}
