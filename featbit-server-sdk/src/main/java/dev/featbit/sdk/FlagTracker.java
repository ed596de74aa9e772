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

    /**
     * A change event; the client makes these.
     *
     * @param flagKeys the keys of the flags that changed (copied)
     * @param full whether the update was a full data set
     */
    public FlagChangeEvent(Set<String> flagKeys, boolean full) {
      this.flagKeys = Set.copyOf(flagKeys);
      this.full = full;
    }

    /**
     * Keys of flags whose data changed (added, updated, archived, removed, or using a segment that changed).
     *
     * @return an unmodifiable set of flag keys
     */
    public Set<String> flagKeys() {
      return flagKeys;
    }

    /**
     * True when the update was a full data set, false for a patch.
     *
     * @return {@code true} for a full data set
     */
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
    /**
     * Receives a change.
     *
     * @param event the keys of the changed flags
     */
    void onFlagsChanged(FlagChangeEvent event);
  }

  /** A change of one flag's value for one user. */
  final class FlagValueChangeEvent {
    private final String flagKey;
    private final FBUser user;
    private final EvalDetail<String> oldValue;
    private final EvalDetail<String> newValue;

    /**
     * A value-change event; the client makes these.
     *
     * @param flagKey the key of the flag
     * @param user the user the flag was evaluated for
     * @param oldValue the result before the change
     * @param newValue the result after the change
     */
    public FlagValueChangeEvent(String flagKey, FBUser user, EvalDetail<String> oldValue,
        EvalDetail<String> newValue) {
      this.flagKey = flagKey;
      this.user = user;
      this.oldValue = oldValue;
      this.newValue = newValue;
    }

    /**
     * The flag whose value changed.
     *
     * @return the flag key
     */
    public String flagKey() {
      return flagKey;
    }

    /**
     * The user the flag was evaluated for.
     *
     * @return the user given to {@link FlagTracker#addFlagValueChangeListener}
     */
    public FBUser user() {
      return user;
    }

    /**
     * The previous result (raw string value; an {@code ERROR} detail with value {@code ""} if none).
     *
     * @return the result before the change
     */
    public EvalDetail<String> oldValue() {
      return oldValue;
    }

    /**
     * The result after the change (raw string value; an {@code ERROR} detail with value {@code ""} if the flag is
     * gone).
     *
     * @return the new result
     */
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
    /**
     * Receives a value change.
     *
     * @param event the flag, the user and the old and new results
     */
    void onValueChanged(FlagValueChangeEvent event);
  }

  /**
   * Listens for any flag change.
   *
   * @param listener called with every committed change of flag data
   * @return the subscription that removes the listener when closed
   */
  Subscription addFlagChangeListener(FlagChangeListener listener);

  /**
   * Listens for changes of {@code flagKey}'s value for {@code user}: fires only when the served value (or
   * whether a value is served at all) differs from the previous one. Evaluations made for this purpose produce
   * no events.
   *
   * @param flagKey the key of the flag to watch
   * @param user the user to evaluate the flag for
   * @param listener called with the old and the new result
   * @return the subscription that removes the listener when closed
   */
  Subscription addFlagValueChangeListener(String flagKey, FBUser user, FlagValueChangeListener listener);
}
