package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.benchmarks.FlagModel.DataSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.Supplier;

/**
 * Retained heap per flag: loads {@code N} (default 10,000) flags of the S5 mixed kinds ({@link Scenarios#mixed},
 * with N/100 segments) into a client and reports (used heap with the client - used heap without it - the same
 * for an EMPTY client) / N. Used heap is read from the {@link MemoryMXBean} after repeated {@code System.gc()}
 * while a strong reference keeps the client alive; the JSON text and the data-set model are built inside the
 * loader and are unreachable when "after" is measured, unless the client itself keeps them.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.featbit.sdk.benchmarks.RetainedHeap [N]
 * </pre>
 *
 * Prints: FeatBit loaded through {@code initializeFromExternalJson} (the store only), FeatBit loaded through
 * {@code FBConfig.bootstrap(json)} (whatever the client keeps, its configuration included), and LaunchDarkly
 * 7.4.1 with the same flags from a flag file (for comparison).
 */
public final class RetainedHeap {
  private RetainedHeap() {}

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  /** Keeps the measured client reachable. */
  private static volatile Object keep;

  static long usedAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Heap retained by what {@code loader} returns (kept reachable while measuring, then closed). */
  static long retained(Supplier<AutoCloseable> loader) throws Exception {
    long before = usedAfterGc();
    keep = loader.get();
    long after = usedAfterGc();
    ((AutoCloseable) keep).close();
    keep = null;
    return after - before;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    System.out.println("Retained heap for " + n + " mixed flags (" + Math.max(1, n / 100) + " segments); "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", GC "
        + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName() + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    System.out.printf("FeatBit JSON text: %,d chars (%,.0f per flag)%n", Scenarios.mixed(n).featBitJson().length(),
        Scenarios.mixed(n).featBitJson().length() / (double) n);
    // load both SDKs' classes once so class metadata/static caches are not counted
    DataSet warm = Scenarios.mixed(200);
    FBClient warmFb = Clients.featBit(warm);
    warmFb.getAllLatestFlagVariations(Scenarios.benchUser().featBit());
    warmFb.close();
    var warmLd = Clients.launchDarkly(warm);
    warmLd.allFlagsState(Scenarios.benchUser().launchDarkly());
    warmLd.close();

    for (int round = 1; round <= 3; round++) {
      long fbEmpty = retained(() -> new FBClient(FBConfig.builder(null).offline(true).build()));
      long fbExternal = retained(() -> {
        FBClient c = new FBClient(FBConfig.builder(null).offline(true).build());
        Clients.require(c.initializeFromExternalJson(Scenarios.mixed(n).featBitJson()), "loaded");
        Clients.require(c.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size() == n, "all flags");
        return c;
      });
      long fbBootstrap = retained(() -> {
        FBClient c = new FBClient(FBConfig.builder(null).offline(true).bootstrap(Scenarios.mixed(n).featBitJson())
            .build());
        Clients.require(c.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size() == n, "all flags");
        return c;
      });
      long ldEmpty = retained(() -> Clients.launchDarkly(new DataSet()));
      long ldFull = retained(() -> {
        var c = Clients.launchDarkly(Scenarios.mixed(n));
        Clients.require(c.allFlagsState(Scenarios.benchUser().launchDarkly()).toValuesMap().size() == n, "LD all");
        return c;
      });
      System.out.printf("round %d: empty FeatBit client %,d B, empty LaunchDarkly client %,d B%n", round, fbEmpty,
          ldEmpty);
      report("  FeatBit initializeFromExternalJson", n, fbExternal - fbEmpty);
      report("  FeatBit FBConfig.bootstrap(json)  ", n, fbBootstrap - fbEmpty);
      report("  LaunchDarkly 7.4.1 (flag file)    ", n, ldFull - ldEmpty);
    }
  }

  private static void report(String what, int n, long bytes) {
    System.out.printf("%s: %,d bytes = %,.0f bytes/flag (%.2f KiB/flag)%n", what, bytes, bytes / (double) n,
        bytes / (double) n / 1024);
  }
}
