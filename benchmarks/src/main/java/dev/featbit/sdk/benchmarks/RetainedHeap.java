package dev.featbit.sdk.benchmarks;

import com.launchdarkly.sdk.server.LDClient;
import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Retained heap per flag: loads {@code N} (default 10,000) flags of the S5 mixed kinds ({@link Scenarios#mixed},
 * with N/100 segments) into a client and reports (used heap after - used heap before) / N, measured after
 * repeated {@code System.gc()} while a strong reference keeps the client alive. The JSON text and the data-set
 * model are unreachable when "after" is measured; "before" already holds an empty client, so the figure is
 * the cost of the flag data only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar -Xmx2g -XX:+UseSerialGC dev.featbit.sdk.benchmarks.RetainedHeap [N]
 * </pre>
 *
 * Prints three figures: FeatBit loaded through {@code initializeFromExternalJson} (store only), FeatBit
 * loaded through {@code FBConfig.bootstrap(json)} (the configuration keeps the JSON text), and LaunchDarkly
 * with the same flags from a flag file (for comparison).
 */
public final class RetainedHeap {
  private RetainedHeap() {}

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  /** Keeps measured objects reachable. */
  private static volatile Object keep;

  static long usedAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    System.out.println("Retained heap for " + n + " mixed flags (" + Math.max(1, n / 100) + " segments), JVM "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", GC "
        + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
    // warm the classes of both SDKs once, so class loading is not counted
    warmUp();

    for (int round = 1; round <= 2; round++) {
      System.out.println("-- round " + round);
      report("FeatBit initializeFromExternalJson", n, featBitExternal(n));
      report("FeatBit FBConfig.bootstrap(json)  ", n, featBitBootstrap(n));
      report("LaunchDarkly 7.4.1 flag file      ", n, launchDarkly(n));
    }
  }

  private static void report(String what, int n, long bytes) {
    System.out.printf("%s: %,d bytes retained = %,.0f bytes/flag (%.2f KiB/flag)%n", what, bytes,
        bytes / (double) n, bytes / (double) n / 1024);
  }

  private static void warmUp() throws Exception {
    DataSet ds = Scenarios.mixed(200);
    try (FBClient c = Clients.featBit(ds); LDClient l = Clients.launchDarkly(ds)) {
      c.getAllLatestFlagVariations(Scenarios.benchUser().featBit());
      l.allFlagsState(Scenarios.benchUser().launchDarkly());
    }
  }

  private static long featBitExternal(int n) throws Exception {
    FBClient client = new FBClient(FBConfig.builder(null).offline(true).build());
    String json = Scenarios.mixed(n).featBitJson();
    keep = client;
    long before = usedAfterGc();
    Clients.require(client.initializeFromExternalJson(json), "loaded");
    json = null; // only the client is reachable now
    long after = usedAfterGc();
    Clients.require(client.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size() == n, "all flags");
    client.close();
    keep = null;
    return after - before;
  }

  private static long featBitBootstrap(int n) throws Exception {
    FBConfig.Builder builder = FBConfig.builder(null).offline(true).bootstrap(Scenarios.mixed(n).featBitJson());
    long before = usedAfterGc(); // the JSON text is already held by the builder
    FBClient client = new FBClient(builder.build());
    builder = null;
    keep = client;
    long afterWithBuilderGone = usedAfterGc();
    Clients.require(client.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size() == n, "all flags");
    client.close();
    keep = null;
    // before contained the JSON once (in the builder); after contains what the client retains, JSON included
    long jsonBytes = jsonRetained(n);
    return afterWithBuilderGone - before + jsonBytes;
  }

  /** Heap held by the JSON text alone. */
  private static long jsonRetained(int n) throws Exception {
    long before = usedAfterGc();
    String json = Scenarios.mixed(n).featBitJson();
    keep = json;
    long after = usedAfterGc();
    keep = null;
    return after - before;
  }

  private static long launchDarkly(int n) throws Exception {
    DataSet empty = new DataSet();
    DataSet ds = Scenarios.mixed(n);
    LDClient baseline = Clients.launchDarkly(empty); // an empty client: the fixed cost of a client
    keep = baseline;
    long beforeEmpty = usedAfterGc();
    LDClient full = Clients.launchDarkly(ds);
    ds = null;
    keep = new Object[] {baseline, full};
    long after = usedAfterGc();
    Clients.require(full.allFlagsState(Scenarios.benchUser().launchDarkly()).toValuesMap().size() == n, "LD all");
    // subtract the fixed cost of one client, measured as the heap growth of creating the empty one
    baseline.close();
    keep = full;
    long withoutBaseline = usedAfterGc();
    full.close();
    keep = null;
    long afterClose = usedAfterGc();
    long clientFixed = Math.max(0, (after - withoutBaseline));
    long perData = after - beforeEmpty - 0 * clientFixed;
    // after - beforeEmpty = (full client incl. flags); subtract the fixed cost of one client
    return perData - clientFixed;
  }
}
