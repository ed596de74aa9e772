package dev.featbit.sdk.benchmarks;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Load time and retained heap through the documented offline path, in a fresh JVM: {@code FBConfig.builder(null)
 * .offline(true).bootstrap(json).build()} then {@code new FBClient(config)}, timed until the constructor has
 * returned an initialized client.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.featbit.sdk.benchmarks.LoadProbe write heavy 10000 /tmp/heavy.json
 * java -XX:+UseSerialGC -Xmx2g -cp benchmarks/target/benchmarks.jar dev.featbit.sdk.benchmarks.LoadProbe \
 *   /tmp/heavy.json 30
 * </pre>
 *
 * The first form writes a data set ({@link Scenarios#dataSet}: {@code mixed} or {@code heavy}) to a file, so that
 * the measuring JVM has run nothing but the SDK before its first load. The second reads the file, then prints:
 * <em>cold</em>, the first load in the JVM; <em>warm</em>, the median (and range) of the next {@code reps} loads
 * (default 30), each client closed before the next load, no explicit GC in between, with the median CPU time
 * of the loading thread (with its minimum and 10th percentile, which a busy machine disturbs least) and the bytes
 * it allocated per load; the collections and their time during the warm
 * loads; and the heap retained per flag by a loaded client (measured like
 * {@link RetainedHeap}: used heap after repeated {@code System.gc()}, minus an empty client's).
 */
public final class LoadProbe {
  private LoadProbe() {}

  private static volatile Object sink;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("write")) {
      String json = Scenarios.dataSet(args[1], Integer.parseInt(args[2])).featBitJson();
      Files.write(Path.of(args[3]), json.getBytes(StandardCharsets.UTF_8));
      System.out.printf("%s: %,d chars%n", args[3], json.length());
      return;
    }
    Path file = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String json = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);

    long t0 = System.nanoTime();
    FBClient first = load(json);
    long cold = System.nanoTime() - t0;
    int flags = first.getAllLatestFlagVariations(Scenarios.benchUser().featBit()).size();
    first.close();

    long gcCount0 = gcCount();
    long gcTime0 = gcTime();
    long[] warm = new long[reps];
    long[] cpu = new long[reps];
    long allocated = 0;
    for (int i = 0; i < reps; i++) {
      long a = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
      long u = THREADS.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      FBClient c = load(json);
      warm[i] = System.nanoTime() - t;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - u;
      allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - a;
      sink = c;
      c.close();
    }
    long gcs = gcCount() - gcCount0;
    long gcMillis = gcTime() - gcTime0;
    sink = null;
    long[] sorted = warm.clone();
    Arrays.sort(sorted);
    Arrays.sort(cpu);

    long empty = RetainedHeap.retained(() -> new FBClient(FBConfig.builder(null).offline(true).build()));
    long full = RetainedHeap.retained(() -> load(json));

    System.out.printf("%s: %,d flags, %,d chars (%.0f per flag); %s %s, GC %s, max heap %d MiB%n", file, flags,
        json.length(), json.length() / (double) flags, System.getProperty("java.vm.name"),
        System.getProperty("java.version"), ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.printf("cold %.1f ms; warm median %.1f ms (min %.1f, max %.1f, %d loads; %d collections, %d ms)%n",
        cold / 1e6, sorted[reps / 2] / 1e6, sorted[0] / 1e6, sorted[reps - 1] / 1e6, reps, gcs, gcMillis);
    System.out.printf("warm: loading thread CPU median %.1f ms (min %.1f, 10th percentile %.1f), %,d bytes allocated"
        + " per load%n", cpu[reps / 2] / 1e6, cpu[0] / 1e6, cpu[reps / 10] / 1e6, allocated);
    System.out.printf("retained %,d B = %,.0f B per flag (%.2f KiB)%n", full - empty, (full - empty) / (double) flags,
        (full - empty) / (double) flags / 1024);
  }

  private static FBClient load(String json) {
    FBClient c = new FBClient(FBConfig.builder(null).offline(true).bootstrap(json).build());
    Clients.require(c.isInitialized(), "initialized");
    return c;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
    }
    return n;
  }

  private static long gcTime() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionTime());
    }
    return n;
  }
}
