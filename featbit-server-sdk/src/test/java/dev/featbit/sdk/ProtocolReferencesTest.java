package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every requirement ID ({@code SYNC-3}, {@code D-9}, a test named {@code sync17_d12_...}) and every "spec N.N"
 * section cited in the repository's Java sources (main and test, every module) and markdown has an entry in
 * {@code docs/protocol.md}.
 */
class ProtocolReferencesTest {
  static final String GROUPS = "CFG|SYNC|POLL|STO|EVAL|EVT|API|NOTIF|GEN|PROTO|TST|D";
  /** {@code EVT-13}, {@code SYNC-3..8}, {@code EVAL-20..EVAL-25}, {@code NOTIF-1 to NOTIF-4}. */
  static final Pattern ID = Pattern.compile("\\b(" + GROUPS + ")-(\\d+)(?:\\s*(?:\\.\\.|to)\\s*(?:\\1-)?(\\d+))?");
  /** {@code STO-*}: the group must exist. */
  static final Pattern GROUP = Pattern.compile("\\b(" + GROUPS + ")-\\*");
  static final Pattern TEST_NAME = Pattern.compile("\\bvoid\\s+([a-z][A-Za-z0-9_]*)\\s*\\(");
  static final Pattern TEST_NAME_ID = Pattern.compile("(" + GROUPS.toLowerCase() + ")(\\d+)");
  /** On a line that speaks of the spec: {@code spec 2.8}, {@code spec section 5}, {@code section 6.7}. */
  static final Pattern SECTION = Pattern.compile("(?i)\\b(?:spec(?:\\s+section)?|section)\\s+§?(\\d+(?:\\.\\d+)*)");
  static final Pattern SPEC_WORD = Pattern.compile("(?i)\\bspec\\b");

  static final Path ROOT = findRoot();
  static final Path DOC = ROOT.resolve("docs/protocol.md");

  static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !(Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("docs"))
        && Files.isDirectory(p.resolve("featbit-server-sdk")))) {
      p = p.getParent();
    }
    assertThat(p).as("the repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  /** A citation: what is cited and where. */
  static final class Citation {
    final String key;
    final String where;

    Citation(String key, String where) {
      this.key = key;
      this.where = where;
    }
  }

  static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(ROOT)) {
      return s.filter(Files::isRegularFile).filter(p -> {
        Path rel = ROOT.relativize(p);
        for (Path part : rel) {
          String n = part.toString();
          if (n.equals("target") || n.startsWith(".") || n.equals("node_modules")) {
            return false;
          }
        }
        String name = p.getFileName().toString();
        String r = rel.toString().replace('\\', '/');
        return name.endsWith(".md") || (name.endsWith(".java") && (r.contains("src/main/") || r.contains("src/test/")));
      }).sorted().collect(Collectors.toList());
    }
  }

  static List<Citation> citations() throws IOException {
    List<Citation> out = new ArrayList<>();
    for (Path file : sources()) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      boolean java = file.getFileName().toString().endsWith(".java");
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = ROOT.relativize(file) + ":" + (i + 1);
        Matcher m = ID.matcher(line);
        while (m.find()) {
          int from = Integer.parseInt(m.group(2));
          int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
          for (int n = from; n <= Math.max(from, to); n++) {
            out.add(new Citation(m.group(1) + "-" + n, where));
          }
        }
        Matcher g = GROUP.matcher(line);
        while (g.find()) {
          out.add(new Citation(g.group(1) + "-*", where));
        }
        if (java) {
          Matcher t = TEST_NAME.matcher(line);
          while (t.find()) {
            for (String part : t.group(1).split("_")) {
              Matcher id = TEST_NAME_ID.matcher(part);
              if (id.matches()) {
                out.add(new Citation(id.group(1).toUpperCase() + "-" + id.group(2), where));
              }
            }
          }
        }
        if (SPEC_WORD.matcher(line).find()) {
          Matcher s = SECTION.matcher(line);
          while (s.find()) {
            out.add(new Citation("section " + s.group(1), where));
          }
        }
      }
    }
    return out;
  }

  /** The IDs (table rows, decision paragraphs) and section numbers (headings) of docs/protocol.md. */
  static Set<String> entries() throws IOException {
    Set<String> out = new TreeSet<>();
    Pattern row = Pattern.compile("^\\| ((?:" + GROUPS + ")-\\d+) \\|");
    Pattern decision = Pattern.compile("^\\*\\*(D-\\d+) ");
    Pattern heading = Pattern.compile("^#{2,4} (\\d+(?:\\.\\d+)*)\\.? ");
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      for (Pattern p : new Pattern[] {row, decision}) {
        Matcher m = p.matcher(line);
        if (m.find()) {
          out.add(m.group(1));
          out.add(m.group(1).replaceAll("-\\d+$", "-*"));
        }
      }
      Matcher h = heading.matcher(line);
      if (h.find()) {
        out.add("section " + h.group(1));
      }
    }
    return out;
  }

  @Test
  void everyCitedRequirementAndSectionHasAnEntry() throws IOException {
    assertThat(DOC).exists();
    Set<String> entries = entries();
    List<Citation> cited = citations();
    assertThat(cited).as("the scan finds the citations (a broken pattern would find none)").hasSizeGreaterThan(150);
    List<String> missing = cited.stream().filter(c -> !entries.contains(c.key))
        .map(c -> c.key + " (" + c.where + ")").distinct().collect(Collectors.toList());
    assertThat(missing).as("cited but without an entry in docs/protocol.md").isEmpty();
  }

  /** The document keeps the numbering the code cites, and the IDs of every group, decisions included. */
  @Test
  void theDocumentHasTheSectionsAndGroupsCodeRefersTo() throws IOException {
    Set<String> entries = entries();
    for (String s : new String[] {"section 1.1", "section 1.2", "section 2.2.1", "section 2.2.3", "section 2.11",
        "section 3.3", "section 4.4", "section 5.6", "section 6.1", "section 6.14"}) {
      assertThat(entries).contains(s);
    }
    assertThat(entries).contains("D-1", "D-20", "CFG-23", "SYNC-21", "POLL-11", "STO-14", "EVAL-34", "EVT-20",
        "API-22", "NOTIF-4", "GEN-9", "PROTO-16", "TST-5");
  }

  @Test
  void theScanUnderstandsEveryCitationForm() {
    List<String> keys = new ArrayList<>();
    Matcher m = ID.matcher("see SYNC-3..5, EVAL-20..EVAL-22 and NOTIF-1 to NOTIF-2; D-9");
    while (m.find()) {
      int from = Integer.parseInt(m.group(2));
      int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
      for (int n = from; n <= to; n++) {
        keys.add(m.group(1) + "-" + n);
      }
    }
    assertThat(keys).containsExactly("SYNC-3", "SYNC-4", "SYNC-5", "EVAL-20", "EVAL-21", "EVAL-22", "NOTIF-1",
        "NOTIF-2", "D-9");
    Matcher s = SECTION.matcher("(spec 2.2.1, messages of 2.5-2.9) and the spec's algorithm (section 6.7)");
    List<String> sections = new ArrayList<>();
    while (s.find()) {
      sections.add(s.group(1));
    }
    assertThat(sections).containsExactly("2.2.1", "6.7");
    assertThat(ID.matcher("UTF-8, ISO-8601, 4d9f-8cb3, MD5").find()).isFalse();
  }
}
