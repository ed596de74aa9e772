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
  /** The compiler that compiled documents of this message as they were read, or null. */
  public final DocCompiler compiledWith;

  private DataSyncMessage(EventType eventType, List<EntityDoc> flags, List<EntityDoc> segments, int skipped) {
    this(eventType, flags, segments, skipped, null);
  }

  private DataSyncMessage(EventType eventType, List<EntityDoc> flags, List<EntityDoc> segments, int skipped,
      DocCompiler compiledWith) {
    this.eventType = eventType;
    this.flags = flags;
    this.segments = segments;
    this.skipped = skipped;
    this.compiledWith = compiledWith;
  }

  /** This message, saying that {@code compiler} compiled (some of) its documents as they were read. */
  private DataSyncMessage withCompiler(DocCompiler compiler) {
    return compiler == null ? this : new DataSyncMessage(eventType, flags, segments, skipped, compiler);
  }

  /** This message's entities as a {@code full} data set. */
  public DataSyncMessage asFull() {
    return eventType == EventType.FULL ? this
        : new DataSyncMessage(EventType.FULL, flags, segments, skipped, compiledWith);
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
    return parseEnvelope(text, null);
  }

  /**
   * {@link #parseEnvelope(String)}, compiling the documents of a {@code full} data set with {@code compiler} as
   * they are read (when its {@code eventType} comes before its arrays, as the evaluation server writes it).
   */
  public static DataSyncMessage parseEnvelope(String text, DocCompiler compiler) throws InvalidMessageException {
    JsonObject root = parseJson(text, compiler == null ? null : new Compiling(compiler, false));
    Object type = root.get("messageType");
    if (!(type instanceof String) || !((String) type).equalsIgnoreCase("data-sync")) {
      throw new InvalidMessageException("not a data-sync message");
    }
    return fromData(root.get("data"), null, compiler);
  }

  /**
   * Parses a message as {@link JsonTree#parse(String)} does, compiling the documents of a {@code full} data set in
   * its {@code data} object with {@code compiler} as they are read (see {@link #parseEnvelope(String,
   * DocCompiler)}); {@link #fromData(Object, EventType, DocCompiler)} then decodes it. The arrays of such a
   * {@code data} object hold {@link EntityDoc}s instead of objects: the tree is for decoding, not for writing out.
   */
  public static Object parseTree(String text, DocCompiler compiler) throws JsonTree.SyntaxError {
    return JsonTree.parse(text, new Compiling(compiler, false));
  }

  /**
   * Decodes bootstrap data, which is always committed as a complete data set: a data-sync envelope (its
   * {@code messageType} may be left out), a {@code latest-all} body (the same), or the bare {@code data}
   * object. Whatever its {@code eventType} says, it must hold both the {@code featureFlags} and the
   * {@code segments} arrays (empty ones allowed), as every data set of the evaluation server does: other JSON
   * ({@code {"hello":1}}) is not flag data.
   */
  public static DataSyncMessage parseBootstrap(String text) throws InvalidMessageException {
    return parseData(text, true, null);
  }

  /**
   * {@link #parseBootstrap(String)}, compiling each flag and segment with {@code compiler} as soon as it is read
   * (see {@link DocCompiler}): the message then holds each document's compiled form and where its text is, and
   * no document's tree.
   */
  public static DataSyncMessage parseBootstrap(String text, DocCompiler compiler) throws InvalidMessageException {
    return parseData(text, true, compiler);
  }

  /**
   * Decodes data delivered by an application's data source: like {@link #parseBootstrap}, except that its
   * {@code eventType} is kept (absent: {@code full}); a {@code patch} may leave out an array (nothing of that
   * kind changed).
   */
  public static DataSyncMessage parseUpdate(String text) throws InvalidMessageException {
    return parseData(text, false, null);
  }

  private static DataSyncMessage parseData(String text, boolean complete, DocCompiler compiler)
      throws InvalidMessageException {
    JsonObject root = parseJson(text, compiler == null ? null : new Compiling(compiler, true));
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
    DataSyncMessage m = decodeData(data, EventType.FULL, complete);
    return m.withCompiler(compiler);
  }

  /** Parses a message or document that must be a JSON object. */
  public static JsonObject parseJson(String text) throws InvalidMessageException {
    return parseJson(text, null);
  }

  private static JsonObject parseJson(String text, JsonTree.ElementHook hook) throws InvalidMessageException {
    if (text == null) {
      throw new InvalidMessageException("no content");
    }
    Object root;
    try {
      root = JsonTree.parse(text, hook);
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

  /** {@link #fromData(Object, EventType)} for a tree whose documents {@code compiler} may have compiled. */
  public static DataSyncMessage fromData(Object dataNode, EventType defaultType, DocCompiler compiler)
      throws InvalidMessageException {
    DataSyncMessage m = decodeData(dataNode, defaultType, false);
    return m.withCompiler(compiler);
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
      if (array[i] instanceof EntityDoc) {
        out.add((EntityDoc) array[i]); // compiled as read (its identity and version checked as below)
        continue;
      }
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

  /**
   * Compiles the documents of a data set's {@code featureFlags} and {@code segments} arrays as they are read.
   * A document whose identity or version is unusable, or whose compilation fails, is left as read: the decoder
   * reports and skips it, or the store compiles it, as for a data set read without a compiler.
   */
  private static final class Compiling implements JsonTree.ElementHook {
    private final DocCompiler compiler;
    private final boolean complete;
    private final JsonTree.ElementSink flags;
    private final JsonTree.ElementSink segments;

    /** {@code complete}: the data is a full data set whatever its event type (bootstrap). */
    Compiling(DocCompiler compiler, boolean complete) {
      this.compiler = compiler;
      this.complete = complete;
      JsonTree.Shape flagShape = compiler.flagShape();
      this.flags = new JsonTree.ElementSink() {
        @Override
        public JsonTree.Shape shape() {
          return flagShape;
        }

        @Override
        public Object element(Object v, String text, int start, int end) {
          return Compiling.this.element(v, text, start, end, false);
        }
      };
      JsonTree.Shape segmentShape = compiler.segmentShape();
      this.segments = new JsonTree.ElementSink() {
        @Override
        public JsonTree.Shape shape() {
          return segmentShape;
        }

        @Override
        public Object element(Object v, String text, int start, int end) {
          return Compiling.this.element(v, text, start, end, true);
        }
      };
    }

    @Override
    public JsonTree.ElementSink open(int depth, String name, String[] names, Object[] values, int from, int to) {
      if (!complete && (depth != 2 || !fullSoFar(names, values, from, to))) {
        return null; // a patch (or not known to be full yet): its few documents are compiled by the store
      }
      if ("featureFlags".equals(name)) {
        return flags;
      }
      return "segments".equals(name) ? segments : null;
    }

    /** Whether the members read so far say {@code "eventType":"full"} (the last occurrence counts). */
    private static boolean fullSoFar(String[] names, Object[] values, int from, int to) {
      for (int i = to - 1; i >= from; i--) {
        if ("eventType".equals(names[i])) {
          return "full".equals(values[i]);
        }
      }
      return false;
    }

    private Object element(Object v, String text, int start, int end, boolean segment) {
      if (!(v instanceof JsonObject)) {
        return v;
      }
      JsonObject n = (JsonObject) v;
      Object idNode = n.get(segment ? "id" : "key");
      Object updatedAt = n.get("updatedAt");
      if (!(idNode instanceof String) || ((String) idNode).isEmpty() || !(updatedAt instanceof String)) {
        return v;
      }
      long version = Timestamps.toEpochMillis((String) updatedAt);
      if (version == Long.MIN_VALUE) {
        return v;
      }
      String id = segment ? ((String) idNode).toLowerCase(Locale.ROOT) : ((String) idNode).intern();
      boolean archived = Boolean.TRUE.equals(n.get("isArchived"));
      Object compiled;
      try {
        compiled = segment ? compiler.segment(id, version, archived, n) : compiler.flag(id, version, archived, n);
      } catch (RuntimeException e) {
        compiled = null;
      }
      // not compiled: the store compiles it, from the text read again whole (the shape dropped members that the
      // stores writing the document keep)
      return new EntityDoc(id, version, archived, compiled, text, start, end);
    }
  }

  /** Keys and ids are safe to log, but bound their length against hostile input. */
  public static String safe(String id) {
    return id.length() <= 100 ? id : id.substring(0, 100) + "...";
  }
}
