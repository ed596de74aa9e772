package dev.featbit.sdk.internal.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoded {@code data-sync} payload (spec 2.7, 2.8): the event type and the usable flag and segment
 * documents. Entities without a usable identity or version are left out and counted (SYNC-11, SYNC-12); a
 * message without a usable envelope is rejected as a whole (SYNC-10). Diagnostics name a safe key or array
 * position, never payload content.
 */
public final class DataSyncMessage {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.store");

  public enum EventType { FULL, PATCH }

  public final EventType eventType;
  public final List<EntityDoc> flags;
  public final List<EntityDoc> segments;
  /** Number of entities left out because they could not be decoded. */
  public final int skipped;

  private DataSyncMessage(EventType eventType, List<EntityDoc> flags, List<EntityDoc> segments, int skipped) {
    this.eventType = eventType;
    this.flags = flags;
    this.segments = segments;
    this.skipped = skipped;
  }

  /** This message's entities as a {@code full} data set. */
  public DataSyncMessage asFull() {
    return eventType == EventType.FULL ? this : new DataSyncMessage(EventType.FULL, flags, segments, skipped);
  }

  /** Thrown for a message that must be dropped whole (not JSON, no usable envelope, unknown event type). */
  public static final class InvalidMessageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean incompleteFull;

    public InvalidMessageException(String message) {
      this(message, false);
    }

    InvalidMessageException(String message, boolean incompleteFull) {
      super(message, null, false, false);
      this.incompleteFull = incompleteFull;
    }

    /**
     * Whether the message was a complete data set without both its {@code featureFlags} and {@code segments}
     * arrays: applying it would have emptied the store, so it is dropped (and reported once per client).
     */
    public boolean isIncompleteFull() {
      return incompleteFull;
    }
  }

  /** Why a complete data set without both arrays is refused. */
  static final String INCOMPLETE_FULL = "a full data set without both 'featureFlags' and 'segments' arrays";

  /** A {@code full} data set of already decoded items (a file data source merging several files). */
  public static DataSyncMessage full(List<EntityDoc> flags, List<EntityDoc> segments) {
    return new DataSyncMessage(EventType.FULL, flags, segments, 0);
  }

  /** An empty {@code patch}: nothing to apply. */
  public static DataSyncMessage emptyPatch() {
    return new DataSyncMessage(EventType.PATCH, Collections.emptyList(), Collections.emptyList(), 0);
  }

  /** Decodes a WebSocket/polling message {@code {"messageType":"data-sync","data":{...}}}. */
  public static DataSyncMessage parseEnvelope(String text) throws InvalidMessageException {
    JsonObject root = parseJson(text);
    Object type = root.get("messageType");
    if (!(type instanceof String) || !((String) type).equalsIgnoreCase("data-sync")) {
      throw new InvalidMessageException("not a data-sync message");
    }
    return fromData(root.get("data"), null);
  }

  /**
   * Decodes bootstrap data, which is always committed as a complete data set: a data-sync envelope (its
   * {@code messageType} may be left out), a {@code latest-all} body (the same), or the bare {@code data}
   * object. Whatever its {@code eventType} says, it must hold both the {@code featureFlags} and the
   * {@code segments} arrays (empty ones allowed), as every data set of the evaluation server does: other JSON
   * ({@code {"hello":1}}) is not flag data.
   */
  public static DataSyncMessage parseBootstrap(String text) throws InvalidMessageException {
    return parseData(text, true);
  }

  /**
   * Decodes data delivered by an application's data source: like {@link #parseBootstrap}, except that its
   * {@code eventType} is kept (absent: {@code full}); a {@code patch} may leave out an array (nothing of that
   * kind changed).
   */
  public static DataSyncMessage parseUpdate(String text) throws InvalidMessageException {
    return parseData(text, false);
  }

  private static DataSyncMessage parseData(String text, boolean complete) throws InvalidMessageException {
    JsonObject root = parseJson(text);
    Object data = root;
    if (root.has("messageType")) {
      Object type = root.get("messageType");
      if (!(type instanceof String) || !((String) type).equalsIgnoreCase("data-sync")) {
        throw new InvalidMessageException("messageType must be data-sync");
      }
      data = root.get("data");
    } else if (!root.has("featureFlags") && !root.has("segments") && root.get("data") instanceof JsonObject) {
      data = root.get("data"); // an envelope without its messageType
    }
    return decodeData(data, EventType.FULL, complete);
  }

  /** Parses a message or document that must be a JSON object. */
  public static JsonObject parseJson(String text) throws InvalidMessageException {
    if (text == null) {
      throw new InvalidMessageException("no content");
    }
    Object root;
    try {
      root = JsonTree.parse(text);
    } catch (JsonTree.SyntaxError e) {
      throw new InvalidMessageException(e.getMessage());
    }
    if (!(root instanceof JsonObject)) {
      throw new InvalidMessageException("not a JSON object");
    }
    return (JsonObject) root;
  }

  /**
   * Decodes the {@code data} object. {@code defaultType} applies when {@code eventType} is absent. A
   * {@code full} must hold both arrays (the server always sends both): without them it would empty the store,
   * so it is rejected. A {@code patch} may leave one out or make it {@code null}: nothing of that kind changed.
   */
  public static DataSyncMessage fromData(Object dataNode, EventType defaultType) throws InvalidMessageException {
    return decodeData(dataNode, defaultType, false);
  }

  /** {@code complete}: the data is committed as a full data set whatever its event type (bootstrap). */
  private static DataSyncMessage decodeData(Object dataNode, EventType defaultType, boolean complete)
      throws InvalidMessageException {
    if (!(dataNode instanceof JsonObject)) {
      throw new InvalidMessageException("data is not an object");
    }
    JsonObject data = (JsonObject) dataNode;
    EventType eventType;
    Object et = data.get("eventType");
    if (et == null && defaultType != null) {
      eventType = defaultType;
    } else if ("full".equals(et)) {
      eventType = EventType.FULL;
    } else if ("patch".equals(et)) {
      eventType = EventType.PATCH;
    } else {
      throw new InvalidMessageException("unsupported eventType");
    }
    Object flagsNode = data.get("featureFlags");
    Object segmentsNode = data.get("segments");
    if ((flagsNode != null && !(flagsNode instanceof Object[]) && flagsNode != JsonTree.NULL)
        || (segmentsNode != null && !(segmentsNode instanceof Object[]) && segmentsNode != JsonTree.NULL)) {
      throw new InvalidMessageException("featureFlags/segments is not an array");
    }
    if ((complete || eventType == EventType.FULL)
        && (!(flagsNode instanceof Object[]) || !(segmentsNode instanceof Object[]))) {
      throw new InvalidMessageException(INCOMPLETE_FULL, true);
    }
    int[] skipped = {0};
    List<EntityDoc> flags = decode(flagsNode, "featureFlags", "key", false, skipped);
    List<EntityDoc> segments = decode(segmentsNode, "segments", "id", true, skipped);
    return new DataSyncMessage(eventType, flags, segments, skipped[0]);
  }

  private static List<EntityDoc> decode(Object arrayNode, String what, String idField, boolean lowerCaseId,
      int[] skipped) {
    if (!(arrayNode instanceof Object[]) || ((Object[]) arrayNode).length == 0) {
      return Collections.emptyList();
    }
    Object[] array = (Object[]) arrayNode;
    List<EntityDoc> out = new ArrayList<>(array.length);
    for (int i = 0; i < array.length; i++) {
      if (!(array[i] instanceof JsonObject)) {
        LOG.error("Skipped {}[{}]: not a JSON object", what, i);
        skipped[0]++;
        continue;
      }
      JsonObject n = (JsonObject) array[i];
      Object idNode = n.get(idField);
      if (!(idNode instanceof String) || ((String) idNode).isEmpty()) {
        LOG.error("Skipped {}[{}]: no usable '{}'", what, i, idField);
        skipped[0]++;
        continue;
      }
      String id = (String) idNode;
      Object updatedAt = n.get("updatedAt");
      long version = updatedAt instanceof String ? Timestamps.toEpochMillis((String) updatedAt) : Long.MIN_VALUE;
      if (version == Long.MIN_VALUE) {
        LOG.error("Skipped {}[{}] '{}': no usable 'updatedAt'", what, i, safe(id));
        skipped[0]++;
        continue;
      }
      boolean archived = Boolean.TRUE.equals(n.get("isArchived"));
      // Flag keys are interned: callers mostly pass literals or constants (interned), so the store's lookup
      // then matches by identity and skips comparing the characters.
      out.add(new EntityDoc(lowerCaseId ? id.toLowerCase(Locale.ROOT) : id.intern(), version, archived, n));
    }
    return out;
  }

  /** Keys and ids are safe to log, but bound their length against hostile input. */
  public static String safe(String id) {
    return id.length() <= 100 ? id : id.substring(0, 100) + "...";
  }
}
