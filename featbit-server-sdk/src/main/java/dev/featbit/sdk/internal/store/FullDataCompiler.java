package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.internal.data.DocCompiler;
import dev.featbit.sdk.internal.data.JsonObject;
import dev.featbit.sdk.internal.data.JsonTree;
import dev.featbit.sdk.internal.eval.Compiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a complete data set while it is read, for a {@link DataStore} whose compiler has the same regex step
 * budget: flags refer to segments through the slots of this compiler's own id-to-slot map, which the store
 * adopts when it commits the data set as a full replacement (which starts a new map anyway). One instance per
 * data set; used on the reading thread, then handed to the store with the message.
 */
public final class FullDataCompiler implements DocCompiler {
  private final long regexStepBudget;
  private Compiler compiler; // made at the first document (most messages hold none: pings, patches)
  final Map<String, Integer> slotOf = new HashMap<>();
  final List<String> idOf = new ArrayList<>();
  private final Compiler.SegmentSlots slots = DataStore.slots(slotOf, idOf);

  /** A compiler for a data set that a store with this {@code regexStepBudget} commits. */
  public FullDataCompiler(long regexStepBudget) {
    this.regexStepBudget = regexStepBudget;
  }

  long regexBudget() {
    return regexStepBudget;
  }

  private Compiler compiler() {
    Compiler c = compiler;
    if (c == null) {
      c = new Compiler(regexStepBudget);
      compiler = c;
    }
    return c;
  }

  @Override
  public Object flag(String key, long version, boolean archived, JsonObject node) {
    return compiler().compileFlag(key, version, archived, node, slots);
  }

  @Override
  public JsonTree.Shape flagShape() {
    return Compiler.FLAG_SHAPE;
  }

  @Override
  public JsonTree.Shape segmentShape() {
    return Compiler.SEGMENT_SHAPE;
  }

  @Override
  public Object segment(String id, long version, boolean archived, JsonObject node) {
    return compiler().compileSegment(id, version, archived, node);
  }

  /** Drops what the compiler shared within the data set (once the store has taken the compiled documents). */
  void release() {
    if (compiler != null) {
      compiler.endCommit();
    }
  }
}
