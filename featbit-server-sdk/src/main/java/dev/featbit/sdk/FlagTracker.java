package dev.featbit.sdk;

import java.util.Set;

/**
 * Notifications of flag data changes (spec NOTIF-1..4), obtained from {@link FBClient#flagTracker()}.
 *
 * <p>Listeners run on one SDK-owned thread ({@code featbit-listeners}), never on the network thread, in the
 * order updates were committed, after the new data is visible to evaluations. A listener that throws is
 * logged and the others still run; a listener may evaluate flags or close the client. A slow listener delays
 * only other listeners, never synchronisation. Subscribe first, then read current values (NOTIF-4).
 *
 * @since 0.1.0
 */
public interface FlagTracker {
  /** One committed update that changed flags. */
  final class FlagChangeEvent {
    private final Set<String> flagKeys;
    private final boolean full;

    public FlagChangeEvent(Set<String> flagKeys, boolean full) {
      this.flagKeys = Set.copyOf(flagKeys);
      this.full = full;
    }

    /**
     * Keys of flags whose data changed (added, updated, archived, removed, or using a segment that changed).
     */
    public Set<String> flagKeys() {
      return flagKeys;
    }

    /** True when the update was a full data set, false for a patch. */
    public boolean isFull() {
      return full;
    }

    @Override
    public String toString() {
      return "FlagChangeEvent{full=" + full + ", flagKeys=" + flagKeys + "}";
    }
  }

  /** Called when committed data changed some flags. */
  @FunctionalInterface
  interface FlagChangeListener {
    void onFlagsChanged(FlagChangeEvent event);
  }

  /** A change of one flag's value for one user. */
  final class FlagValueChangeEvent {
    private final String flagKey;
    private final FBUser user;
    private final EvalDetail<String> oldValue;
    private final EvalDetail<String> newValue;

    public FlagValueChangeEvent(String flagKey, FBUser user, EvalDetail<String> oldValue,
        EvalDetail<String> newValue) {
      this.flagKey = flagKey;
      this.user = user;
      this.oldValue = oldValue;
      this.newValue = newValue;
    }

    public String flagKey() {
      return flagKey;
    }

    public FBUser user() {
      return user;
    }

    /** The previous result (raw string value; an {@code ERROR} detail with value {@code ""} if none). */
    public EvalDetail<String> oldValue() {
      return oldValue;
    }

    public EvalDetail<String> newValue() {
      return newValue;
    }

    @Override
    public String toString() {
      return "FlagValueChangeEvent{" + flagKey + ": " + oldValue.value() + " -> " + newValue.value() + "}";
    }
  }

  /** Called when a flag's value for a user really changed. */
  @FunctionalInterface
  interface FlagValueChangeListener {
    void onValueChanged(FlagValueChangeEvent event);
  }

  /** Listens for any flag change. */
  Subscription addFlagChangeListener(FlagChangeListener listener);

  /**
   * Listens for changes of {@code flagKey}'s value for {@code user}: fires only when the served value (or
   * whether a value is served at all) differs from the previous one. Evaluations made for this purpose produce
   * no events.
   */
  Subscription addFlagValueChangeListener(String flagKey, FBUser user, FlagValueChangeListener listener);
}
