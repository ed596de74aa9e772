package dev.featbit.cli;

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
 * The root README's {@code featbit} examples, run: each {@code bash} block line that invokes
 * {@code featbit.jar} with a command other than {@code demo} (run by CI) and is followed by its output is run with
 * the same arguments (paths from the repository root), and prints that output.
 */
class ReadmeCliTest {
  static final Path ROOT = Path.of("..");
  static final String JAR = "java -jar featbit-cli/target/featbit.jar ";

  @Test
  void theReadmeEvalExamplePrintsWhatTheReadmeShows() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    int checked = 0;
    while (m.find()) {
      String block = m.group(1).replace("\\\n", " ");   // join continued lines
      List<String> lines = block.lines().collect(java.util.stream.Collectors.toList());
      for (int i = 0; i + 1 < lines.size(); i++) {
        String line = lines.get(i).trim();
        String next = lines.get(i + 1).trim();
        if (!line.startsWith(JAR) || line.startsWith(JAR + "demo") || next.startsWith("#") || next.isEmpty()) {
          continue;
        }
        List<String> args = new ArrayList<>();
        for (String a : line.substring(JAR.length()).trim().split("\\s+")) {
          args.add(a.contains("/") && Files.exists(ROOT.resolve(a)) ? ROOT.resolve(a).toString() : a);
        }
        try (Console c = Console.run(args.toArray(new String[0]))) {
          assertThat(c.code).as("exit code of %s; stderr: %s", line, c.err.text()).isZero();
          assertThat(c.out.text().trim()).as(line).isEqualTo(next);
        }
        checked++;
      }
    }
    assertThat(checked).as("README featbit examples with their output").isGreaterThanOrEqualTo(1);
  }

  /** The quick start's sample file, which the README also offers to {@code featbit serve}, is valid flag data. */
  @Test
  void theSampleFlagFileEvaluatesAsTheQuickStartSays() {
    String flags = ROOT.resolve("examples/flags.json").toString();
    try (Console c = Console.run("eval", "--data", flags, "--user", "user-42", "--name", "Ada",
        "--attr", "plan=team", "--attr", "seats=12", "--flag", "new-checkout", "--flag", "search-engine")) {
      assertThat(c.code).as(c.err.text()).isZero();
      assertThat(c.out.text()).contains("\"flag\":\"new-checkout\",\"value\":\"true\"")
          .contains("\"flag\":\"search-engine\",\"value\":\"semantic\"");
    }
  }
}
