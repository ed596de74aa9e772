package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.EvalDetail;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.FlagTracker;
import dev.featbit.sdk.Subscription;
import dev.featbit.sdk.internal.data.DataSyncMessage.EventType;
import dev.featbit.sdk.internal.store.CommitResult;
import dev.featbit.sdk.internal.store.Snapshot;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Flag-change and per-(flag, user) value-change listeners. Commits are turned into callbacks on the listener
 * thread, each evaluated against the snapshot of its own commit, so listeners see changes in commit order.
 */
public final class FlagTrackerImpl implements FlagTracker {
  /** Evaluates a flag for a user against a given snapshot, without events. */
  @FunctionalInterface
  public interface SnapshotEvaluator {
    EvalDetail<String> evaluate(Snapshot snapshot, String flagKey, FBUser user);
  }

  private final ListenerDispatcher dispatcher;
  private final SnapshotEvaluator evaluator;
  private final Supplier<Snapshot> current;
  private final CopyOnWriteArrayList<FlagChangeListener> changeListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<ValueWatch> valueWatches = new CopyOnWriteArrayList<>();

  public FlagTrackerImpl(ListenerDispatcher dispatcher, SnapshotEvaluator evaluator, Supplier<Snapshot> current) {
    this.dispatcher = dispatcher;
    this.evaluator = evaluator;
    this.current = current;
  }

  private final class ValueWatch {
    final String flagKey;
    final FBUser user;
    final FlagValueChangeListener listener;
    EvalDetail<String> last; // touched only on the listener thread after registration
    volatile boolean active = true;

    ValueWatch(String flagKey, FBUser user, FlagValueChangeListener listener, EvalDetail<String> initial) {
      this.flagKey = flagKey;
      this.user = user;
      this.listener = listener;
      this.last = initial;
    }

    void check(Snapshot snapshot) {
      if (!active) {
        return;
      }
      EvalDetail<String> now = evaluator.evaluate(snapshot, flagKey, user);
      EvalDetail<String> before = last;
      last = now;
      if (now.isServed() != before.isServed() || !Objects.equals(now.value(), before.value())) {
        listener.onValueChanged(new FlagValueChangeEvent(flagKey, user, before, now));
      }
    }
  }

  @Override
  public Subscription addFlagChangeListener(FlagChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    changeListeners.add(listener);
    return () -> changeListeners.remove(listener);
  }

  @Override
  public Subscription addFlagValueChangeListener(String flagKey, FBUser user, FlagValueChangeListener listener) {
    Objects.requireNonNull(flagKey, "flagKey");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(listener, "listener");
    ValueWatch w = new ValueWatch(flagKey, user, listener, evaluator.evaluate(current.get(), flagKey, user));
    valueWatches.add(w);
    return () -> {
      w.active = false;
      valueWatches.remove(w);
    };
  }

  /**
   * Called by the committing thread right after a commit, with the snapshot that commit produced. Captures
   * the listeners registered now and returns the dispatch to run once readiness is published, so that a
   * listener registered after the client became ready never receives the commit that made it ready.
   */
  Runnable committed(CommitResult result, Snapshot snapshot) {
    boolean full = result.eventType == EventType.FULL;
    if (!full && result.changedFlagKeys.isEmpty()) {
      return () -> { };
    }
    Object[] changes = changeListeners.toArray();
    Object[] watches = valueWatches.toArray();
    return () -> {
      if (changes.length > 0) {
        FlagChangeEvent event = new FlagChangeEvent(result.changedFlagKeys, full);
        for (Object l : changes) {
          dispatcher.dispatch(() -> ((FlagChangeListener) l).onFlagsChanged(event));
        }
      }
      for (Object o : watches) {
        ValueWatch w = (ValueWatch) o;
        if (result.changedFlagKeys.contains(w.flagKey)) {
          dispatcher.dispatch(() -> w.check(snapshot));
        }
      }
    };
  }
}
