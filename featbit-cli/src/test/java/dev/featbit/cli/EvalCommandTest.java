package dev.featbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.testkit.TestFlag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code featbit eval}: offline evaluation of a data file, with explanations, and one-line errors. */
class EvalCommandTest extends DemoDataFileTest {
  static List<JsonNode> lines(Console c) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : c.out.text().split("\n")) {
      if (!l.isBlank()) {
        out.add(Inputs.JSON.readTree(l));
      }
    }
    return out;
  }

  @Test
  void oneUserAllFlagsOneJsonObjectPerFlag() throws Exception {
    Console c = Console.run("eval", "--data", data.toString(), "--user", "alice", "--name", "Alice",
        "--attr", "country=de", "--attr", "plan=free");
    assertThat(c.code).as(c.err.text()).isZero();
    List<JsonNode> lines = lines(c);
    assertThat(lines).extracting(n -> n.get("flag").asText()).containsExactly("api-rate-limit", "beta-dashboard",
        "homepage-config", "new-search-engine", "payments-enabled", "pricing-page");
    JsonNode config = lines.get(2);
    assertThat(config.get("user").asText()).isEqualTo("alice");
    assertThat(config.get("reason").asText()).isEqualTo("RULE_MATCH");
    assertThat(config.get("reasonText").asText()).isEqualTo("match rule German-speaking countries");
    assertThat(Inputs.JSON.readTree(config.get("value").asText()).get("maxItems").asInt()).isEqualTo(20);
    assertThat(config.get("variationId").asText()).isNotEmpty();
    assertThat(config.has("explain")).isFalse();
  }

  /** A variation without id in the data: {@code "variationId": null}, as the server reports it. */
  @Test
  void aVariationWithoutIdPrintsANullVariationId() throws Exception {
    ObjectNode f = TestFlag.bool("idless").on(false).toJson("2025-03-01T08:00:00Z");
    ((ObjectNode) f.get("variations").get(1)).remove("id");
    f.putNull("disabledVariationId");
    ObjectNode root = Inputs.JSON.createObjectNode();
    root.putArray("featureFlags").add(f);
    root.putArray("segments");
    Path idless = dir.resolve("idless.json");
    Files.writeString(idless, root.toString());
    Console c = Console.run("eval", "--data", idless.toString(), "--user", "alice", "--explain");
    assertThat(c.code).as(c.err.text()).isZero();
    List<JsonNode> lines = lines(c);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("value").asText()).isEqualTo("false");
    assertThat(lines.get(0).get("reason").asText()).isEqualTo("OFF");
    assertThat(lines.get(0).has("variationId")).isTrue();
    assertThat(lines.get(0).get("variationId").isNull()).isTrue();
    assertThat(lines.get(0).get("explain").toString()).contains("variation (no id) = false");
  }

  @Test
  void usersFileAndFlagFilterWithExplanation() throws Exception {
    Path users = dir.resolve("users.jsonl");
    Files.writeString(users, String.join("\n",
        "{\"keyId\":\"bob\",\"name\":\"Bob\",\"customizedProperties\":[{\"name\":\"plan\",\"value\":\"pro\"}]}",
        "",
        "{\"key\":\"erin\",\"custom\":{\"plan\":\"enterprise\",\"seats\":12,\"beta\":true}}",
        "{\"key\":\"frank\"}"));
    Console c = Console.run("eval", "--data", data.toString(), "--users", users.toString(), "--flag",
        "beta-dashboard", "--explain");
    assertThat(c.code).as(c.err.text()).isZero();
    List<JsonNode> lines = lines(c);
    assertThat(lines).extracting(n -> n.get("user").asText() + "=" + n.get("value").asText() + "/"
        + n.get("reason").asText()).containsExactly("bob=true/RULE_MATCH", "erin=true/RULE_MATCH",
        "frank=false/FALLTHROUGH");
    assertThat(lines.get(0).get("explain").toString())
        .contains("user key is included -> in segment").contains("=> RULE_MATCH (match rule Beta testers)");
    assertThat(lines.get(1).get("explain").toString())
        .contains("plan Equal \\\"enterprise\\\" (user value: \\\"enterprise\\\") -> true");
    assertThat(lines.get(2).get("explain").toString()).contains("no rule matched: fallthrough");
  }

  @Test
  void explainShowsTheRolloutBucket() throws Exception {
    Console c = Console.run("eval", "--data", data.toString(), "--user", "dave", "--flag", "new-search-engine",
        "--explain");
    assertThat(c.code).isZero();
    JsonNode line = lines(c).get(0);
    assertThat(line.get("value").asText()).isEqualTo("true");
    assertThat(line.get("explain").toString()).contains("hash of \\\"new-search-enginedave\\\" -> bucket")
        .contains("slice [0.0, 0.3]");
  }

  @Test
  void aBlankUserKeyGetsTheFallbackOfEveryFlag() throws Exception {
    Console c = Console.run("eval", "--data", data.toString(), "--user", " ", "--flag", "beta-dashboard", "--explain");
    assertThat(c.code).as(c.err.text()).isZero();
    JsonNode line = lines(c).get(0);
    assertThat(line.get("value").asText()).isEmpty();
    assertThat(line.get("reason").asText()).isEqualTo("ERROR");
    assertThat(line.get("reasonText").asText()).isEqualTo("user not specified");
    assertThat(line.get("explain").toString())
        .isEqualTo("[\"no user, or a blank user key\",\"=> ERROR (user not specified)\"]");
    assertThat(lines(Console.run("eval", "--data", data.toString(), "--user", " "))).hasSize(6);
  }

  @Test
  void badInputIsOneLineWithExitCode2() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"featureFlags\": [ {\"key\": \"x\" ,, ]}");
    Path notFeatBit = dir.resolve("array.json");
    Files.writeString(notFeatBit, "[1, 2]");
    Path badUsers = dir.resolve("users.jsonl");
    Files.writeString(badUsers, "{\"keyId\":\"ok\"}\n{\"name\":\"no key\"}\n");
    Path binary = dir.resolve("binary.json");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});

    expectBadInput(new String[] {"eval", "--data", dir.resolve("missing.json").toString(), "--user", "u"},
        "data file not found: ");
    expectBadInput(new String[] {"eval", "--data", broken.toString(), "--user", "u"},
        "is not valid JSON (line 1, column");
    expectBadInput(new String[] {"eval", "--data", notFeatBit.toString(), "--user", "u"},
        "is not FeatBit flag data");
    expectBadInput(new String[] {"eval", "--data", binary.toString(), "--user", "u"}, "is not UTF-8 text");
    Path brokenUsers = dir.resolve("broken-users.jsonl");
    Files.writeString(brokenUsers, "{\"keyId\":\"ok\"}\n{\"keyId\": \n");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--users", brokenUsers.toString()},
        "users file " + brokenUsers + " line 2 is not valid JSON");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--user", "u", "--flag", "nope"},
        "unknown flag: nope");
    expectBadInput(new String[] {"eval", "--data", data.toString()}, "give exactly one of --user");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--user", "u", "--users", badUsers.toString()},
        "give exactly one of --user");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--users", badUsers.toString()},
        "line 2: \"keyId\" (or \"key\") must be a non-empty string");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--user", "u", "--attr", "novalue"},
        "--attr must be name=value");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--user", ""}, "--user must not be empty");
    expectBadInput(new String[] {"eval", "--user", "u"}, "Missing required option: '--data=FILE'");
    expectBadInput(new String[] {"eval", "--data", data.toString(), "--user", "u", "--bogus"},
        "Unknown option: '--bogus'");
  }

  static void expectBadInput(String[] args, String message) {
    Console c = Console.run(args);
    assertThat(c.code).as(String.join(" ", args)).isEqualTo(2);
    assertThat(c.out.text()).as("nothing on stdout").isEmpty();
    String err = c.err.text();
    assertThat(err).as(String.join(" ", args)).startsWith("featbit: ").contains(message).endsWith("\n");
    assertThat(err.strip()).as("one line").doesNotContain("\n");
  }

  @Test
  void verboseIsAcceptedByEveryCommand() {
    Console c = Console.run("eval", "--verbose", "--data", data.toString(), "--user", "u", "--flag", "api-rate-limit");
    assertThat(c.code).as(c.err.text()).isZero();
    assertThat(Console.run("--verbose", "--version").code).isZero();
  }

  @Test
  void helpAndVersion() {
    Console help = Console.run("eval", "--help");
    assertThat(help.code).isZero();
    assertThat(help.out.text()).contains("--explain").contains("--users");
    Console version = Console.run("--version");
    assertThat(version.code).isZero();
    assertThat(version.out.text()).startsWith("featbit ");
    Console none = Console.run();
    assertThat(none.code).isZero();
    assertThat(none.out.text()).contains("demo").contains("eval").contains("watch").contains("serve");
  }

  @Test
  void readsTheSdkSpecExampleData() throws Exception {
    Path spec = Path.of("../featbit-server-sdk/src/test/resources/spec/examples/data-sync-full.json");
    Console c = Console.run("eval", "--data", spec.toString(), "--user", "u-100", "--attr", "storageGb=50");
    assertThat(c.code).as(c.err.text()).isZero();
    assertThat(new String(c.out.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .contains("\"flag\":\"max-upload-mb\"").contains("\"reasonText\":\"match rule Small storage\"");
  }
}
