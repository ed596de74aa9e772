package dev.featbit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.Explanation;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code featbit eval}: offline evaluation of a bootstrap file, one JSON object per (user, flag). */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluates flags offline from a flag data file and prints one JSON object per (user, flag): "
        + "value, variationId, reason and reasonText; with --explain, the steps that decided it.",
        "The data file is a FeatBit data-sync message, a latest-all body or {\"featureFlags\":[...],"
            + "\"segments\":[...]}."})
final class EvalCommand implements Callable<Integer> {
  @ParentCommand
  FeatBitCli cli;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Flag data file (JSON).")
  Path data;

  @Option(names = "--user", paramLabel = "KEY", description = "Evaluate for one user with this key.")
  String userKey;

  @Option(names = "--name", paramLabel = "NAME", description = "The user's name (with --user).")
  String userName;

  @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "A custom attribute (with --user; repeatable).")
  List<String> attrs = new ArrayList<>();

  @Option(names = "--users", paramLabel = "FILE.jsonl",
      description = "Evaluate for every user in a JSON-lines file ({\"keyId\":..,\"name\":..,"
          + "\"customizedProperties\":[{\"name\":..,\"value\":..}]} or {\"key\":..,\"custom\":{..}}).")
  Path usersFile;

  @Option(names = "--flag", paramLabel = "KEY", description = "Only this flag (repeatable); default: all flags.")
  List<String> flags = new ArrayList<>();

  @Option(names = "--explain", description = "Add the steps that decided each result: target, rules, conditions "
      + "with the user's values, segments, rollout bucket.")
  boolean explain;

  @Override
  public Integer call() {
    if ((userKey == null) == (usersFile == null)) {
      throw CliException.badInput("give exactly one of --user KEY or --users FILE.jsonl");
    }
    if (usersFile != null && (userName != null || !attrs.isEmpty())) {
      throw CliException.badInput("--name and --attr go with --user, not --users");
    }
    Inputs.FlagData flagData = Inputs.flagData(data);
    List<FBUser> users = usersFile != null ? Inputs.users(usersFile)
        : List.of(Inputs.user(userKey, userName, attrs));

    FBConfig config = FBConfig.builder(null).offline(true).bootstrap(flagData.text).build();
    try (FBClient client = new FBClient(config)) {
      // the flag keys do not depend on the user
      List<String> all = client.getAllLatestFlagVariations(FBUser.builder("featbit-cli").build()).flagKeys();
      List<String> keys = new ArrayList<>();
      if (flags.isEmpty()) {
        keys.addAll(all);
      } else {
        for (String k : flags) {
          if (!client.isFlagKnown(k)) {
            throw CliException.badInput("unknown flag: " + k + " (" + data + " has " + all.size()
                + " active flags)");
          }
          keys.add(k);
        }
      }
      for (FBUser user : users) {
        AllFlagStates states = client.getAllLatestFlagVariations(user);
        for (String key : keys) {
          Explanation explanation = explain || !states.isValid() ? client.explain(key, user) : null;
          EvalDetail<String> d = states.isValid() ? states.get(key) : explanation.result();
          ObjectNode line = Inputs.JSON.createObjectNode();
          line.put("user", user.key());
          line.put("flag", key);
          line.put("value", d.value());
          line.put("variationId", d.variationId());
          line.put("reason", d.reason().name());
          line.put("reasonText", d.reasonText());
          if (explain) {
            ArrayNode steps = line.putArray("explain");
            explanation.steps().forEach(steps::add);
          }
          cli.out.println(line.toString());
        }
      }
    }
    return 0;
  }
}
