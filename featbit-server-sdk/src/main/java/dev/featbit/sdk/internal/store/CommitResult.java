package dev.featbit.sdk.internal.store;

import dev.featbit.sdk.internal.data.DataSyncMessage.EventType;
import java.util.Set;

/** What a commit changed: for readiness, the cursor race of D-14 and change notifications (NOTIF-1). */
public final class CommitResult {
  public final EventType eventType;
  /** This commit initialized the store (first full, D-13). */
  public final boolean initializedNow;
  public final long versionBefore;
  public final long versionAfter;
  /** Keys of flags whose stored document changed, plus flags that use a changed segment. */
  public final Set<String> changedFlagKeys;
  public final boolean flagsChanged;
  public final boolean segmentsChanged;

  CommitResult(EventType eventType, boolean initializedNow, long versionBefore, long versionAfter,
      Set<String> changedFlagKeys, boolean flagsChanged, boolean segmentsChanged) {
    this.eventType = eventType;
    this.initializedNow = initializedNow;
    this.versionBefore = versionBefore;
    this.versionAfter = versionAfter;
    this.changedFlagKeys = changedFlagKeys;
    this.flagsChanged = flagsChanged;
    this.segmentsChanged = segmentsChanged;
  }

  /** A full replacement dropped data newer than itself: ask the server for changes again (D-14). */
  public boolean needsResync() {
    return eventType == EventType.FULL && versionBefore > versionAfter;
  }
}
