package dev.featbit.sdk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featbit.sdk.FBConfig;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.data.EntityDoc;
import dev.featbit.sdk.internal.eval.Compiler;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.DataStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of applying one flag patch to a store holding {@code flags} mixed flags ({@link Scenarios#mixed},
 * {@code flags / 100} segments): compile the patched flag and publish the next snapshot. The patch is a
 * decoded data-sync message (JSON decoding is not measured) holding one boolean flag of the set, given a newer
 * version on every call so that the store always applies it.
 *
 * <p>Uses the store directly (an internal class, so this may break when the core changes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class PatchBenchmark {
  @Param({"100", "10000", "100000"})
  public int flags;

  private DataStore store;
  private DataSyncMessage patch;
  private EntityDoc doc;
  private long version;

  @Setup
  public void setup() throws Exception {
    FlagModel.DataSet ds = Scenarios.mixed(flags);
    store = new DataStore(new Compiler(FBConfig.DEFAULT_REGEX_STEP_BUDGET));
    DataSyncMessage full = DataSyncMessage.parseEnvelope(ds.featBitJson());
    Clients.require(full.flags.size() == flags, "all " + flags + " flags decoded");
    store.apply(full);
    Clients.require(store.snapshot().flagCount() == flags, "all " + flags + " flags stored");
    // flag 0 of the mixed set: boolean, no targets or rules
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(ds.featBitJson());
    ObjectNode data = (ObjectNode) root.get("data");
    data.put("eventType", "patch");
    JsonNode first = data.get("featureFlags").get(0);
    data.putArray("featureFlags").add(first);
    data.putArray("segments");
    patch = DataSyncMessage.parseEnvelope(root.toString());
    doc = patch.flags.get(0);
    version = store.snapshot().version;
    CommitResult r = apply();
    Clients.require(r.changedFlagKeys.size() == 1 && r.changedFlagKeys.contains(doc.key), "the patch is applied");
  }

  @Benchmark
  public CommitResult apply() {
    patch.flags.set(0, new EntityDoc(doc.key, ++version, false, doc.node()));
    return store.apply(patch);
  }
}
