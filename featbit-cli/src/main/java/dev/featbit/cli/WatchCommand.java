package dev.featbit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.DataUpdateStatusProvider;
import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.FBConfigException;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.FlagTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code featbit watch}: connects to a FeatBit evaluation server and prints every change as it arrives,
 * one JSON object per line, until Ctrl-C (or {@code --max-changes}).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Connects to a FeatBit evaluation server and prints every flag change and sync status change as "
        + "it arrives (one JSON object per line). Events are not sent.",
        "The env secret is read from FEATBIT_ENV_SECRET when --secret is not given, so it stays out of shell "
            + "history."})
final class WatchCommand implements Callable<Integer> {
  @ParentCommand
  FeatBitCli cli;

  @Mixin
  ServerOptions server;

  @Option(names = "--polling", description = "Poll over HTTP instead of streaming (uses --polling-url).")
  boolean polling;

  @Option(names = "--polling-url", paramLabel = "URL", description = "Polling base URL (default: the streaming "
      + "URL with http(s)).")
  String pollingUrl;

  @Option(names = "--polling-interval", paramLabel = "DURATION", defaultValue = "PT30S",
      description = "Polling interval, ISO-8601 (default: ${DEFAULT-VALUE}).", converter = Durations.class)
  Duration pollingInterval;

  @Option(names = "--user", paramLabel = "KEY", description = "Also print this user's value of each changed flag "
      + "(repeatable).")
  List<String> userKeys = new ArrayList<>();

  @Option(names = "--start-wait", paramLabel = "DURATION", defaultValue = "PT10S", converter = Durations.class,
      description = "How long to wait for the first data set before reporting (default: ${DEFAULT-VALUE}); the "
          + "watch goes on either way.")
  Duration startWait;

  @Option(names = "--max-changes", paramLabel = "N", defaultValue = "0",
      description = "Exit after N flag-change events after the first data set (default: run until Ctrl-C).")
  int maxChanges;

  @Override
  public Integer call() throws Exception {
    server.requireSecret();
    if (maxChanges < 0) {
      throw CliException.badInput("--max-changes must be 0 or more");
    }
    List<FBUser> users = new ArrayList<>();
    for (String k : userKeys) {
      users.add(Inputs.user(k, null, List.of()));
    }
    FBConfig config;
    try {
      FBConfig.Builder b = server.configBuilder();
      if (polling) {
        b.dataSyncMode(FBConfig.DataSyncMode.POLLING).pollingInterval(pollingInterval);
        if (pollingUrl != null) {
          b.pollingUrl(pollingUrl);
        }
      }
      config = b.build();
    } catch (FBConfigException e) {
      throw CliException.badInput(optionNames(e.getMessage()));
    }
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger changes = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean firstFull = new java.util.concurrent.atomic.AtomicBoolean();
    try (FBClient client = new FBClient(config)) {
      DataUpdateStatusProvider status = client.dataUpdateStatusProvider();
      status.addStatusListener(s -> {
        print(statusLine(s));
        if (s.state() == DataUpdateStatus.State.CLOSED) {
          done.countDown();
        }
      });
      client.flagTracker().addFlagChangeListener(e -> {
        printChange(client, e, users);
        boolean initialLoad = e.isFull() && firstFull.compareAndSet(false, true);
        if (!initialLoad && maxChanges > 0 && changes.incrementAndGet() >= maxChanges) {
          done.countDown();
        }
      });
      DataUpdateStatusProvider.ReadyResult ready = status.waitForReady(startWait);
      switch (ready) {
        case READY:
          ObjectNode line = line("ready");
          line.put("flags", client.getAllLatestFlagVariations(FBUser.builder("featbit-watch").build()).size());
          print(line);
          break;
        case REJECTED:
          throw CliException.failed("the server rejected the env secret (close code 4003); check --secret");
        case TIMED_OUT:
          ObjectNode wait = line("waiting");
          wait.put("message", "no data after " + startWait.toMillis() + " ms; still trying");
          wait.put("state", status.status().state().name());
          print(wait);
          break;
        default:
          return 0;
      }
      while (!done.await(200, TimeUnit.MILLISECONDS)) {
        if (cli.stop.getCount() == 0) {
          break;
        }
      }
      if (status.status().state() == DataUpdateStatus.State.CLOSED && status.status().lastError() != null
          && status.status().lastError().kind() == DataUpdateStatus.ErrorKind.REJECTED) {
        throw CliException.failed("the server rejected the env secret; synchronisation stopped");
      }
    }
    return 0;
  }

  /** The SDK names its settings ({@code streamingUrl}); the user typed options ({@code --streaming-url}). */
  static String optionNames(String message) {
    return message.replace("streamingUrl", "--streaming-url").replace("pollingUrl", "--polling-url")
        .replace("pollingInterval", "--polling-interval").replace("startWait", "--start-wait")
        .replace("envSecret", "--secret");
  }

  private void printChange(FBClient client, FlagTracker.FlagChangeEvent e, List<FBUser> users) {
    for (String key : new TreeSet<>(e.flagKeys())) {
      ObjectNode line = line("flag-changed");
      line.put("flag", key);
      line.put("update", e.isFull() ? "full" : "patch");
      boolean known = client.isFlagKnown(key);
      line.put("state", known ? "active" : "archived or removed");
      if (known && !users.isEmpty()) {
        ObjectNode values = line.putObject("values");
        for (FBUser u : users) {
          EvalDetail<String> d = client.getAllLatestFlagVariations(u).get(key);
          ObjectNode v = values.putObject(u.key());
          v.put("value", d.value());
          v.put("variationId", d.variationId());
          v.put("reason", d.reason().name());
          v.put("reasonText", d.reasonText());
        }
      }
      print(line);
    }
  }

  private static ObjectNode statusLine(DataUpdateStatus s) {
    ObjectNode line = line("status");
    line.put("state", s.state().name());
    if (s.lastError() != null) {
      line.put("error", s.lastError().kind().name());
      line.put("message", s.lastError().message());
    }
    return line;
  }

  private static ObjectNode line(String event) {
    ObjectNode n = Inputs.JSON.createObjectNode();
    n.put("time", Instant.now().toString());
    n.put("event", event);
    return n;
  }

  private void print(ObjectNode line) {
    synchronized (cli.out) {
      cli.out.println(line.toString());
      cli.out.flush();
    }
  }
}
