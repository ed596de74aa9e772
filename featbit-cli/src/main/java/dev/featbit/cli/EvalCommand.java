package dev.featbit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.AllFlagStates;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.eval.BoundedRegex;
import dev.featbit.sdk.internal.eval.CompiledFlag;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.store.DataStore;
import dev.featbit.sdk.internal.store.Snapshot;
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
    DataStore store = new DataStore(new Compiler(config.regexStepBudget()));
    store.apply(flagData.message);
    Snapshot snapshot = store.snapshot();
    try (FBClient client = new FBClient(config)) {
      List<String> keys = new ArrayList<>();
      if (flags.isEmpty()) {
        for (CompiledFlag f : snapshot.activeFlagsSorted()) {
          keys.add(f.key);
        }
      } else {
        for (String k : flags) {
          if (!client.isFlagKnown(k)) {
            throw CliException.badInput("unknown flag: " + k + " (" + data + " has " + snapshot.activeFlags().size()
                + " active flags)");
          }
          keys.add(k);
        }
      }
      for (FBUser user : users) {
        AllFlagStates all = client.getAllLatestFlagVariations(user);
        for (String key : keys) {
          EvalDetail<String> d = all.get(key);
          ObjectNode line = Inputs.JSON.createObjectNode();
          line.put("user", user.key());
          line.put("flag", key);
          line.put("value", d.value());
          line.put("variationId", d.variationId());
          line.put("reason", d.reason().name());
          line.put("reasonText", d.reasonText());
          if (explain) {
            ArrayNode steps = line.putArray("explain");
            explain(snapshot, key, user).forEach(steps::add);
          }
          cli.out.println(line.toString());
        }
      }
    }
    return 0;
  }

  static List<String> explain(Snapshot snapshot, String key, FBUser user) {
    List<String> trace = new ArrayList<>();
    CompiledFlag f = snapshot.flag(key);
    if (f == null) {
      trace.add("flag not found");
      return trace;
    }
    try {
      f.explain(user, snapshot.segmentTable(), trace);
    } catch (Defect | BoundedRegex.BudgetExceeded e) {
      // recorded in the trace
    }
    return trace;
  }
}
