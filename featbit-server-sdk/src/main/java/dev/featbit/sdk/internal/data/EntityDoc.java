package dev.featbit.sdk.internal.data;

/**
 * One flag or segment document from a data-sync message with its identity and version already read (spec
 * 2.8). {@code key} is the flag key, or the segment id in its canonical (lower-case) form.
 *
 * <p>A document of a large data set may have been compiled while the data set was read ({@link #compiled},
 * see {@link DocCompiler}): its tree is then not kept, only where its text is in the data set's text, from
 * which {@link #node()} reads it again and {@link #json()} copies it when a store needs it.
 */
public final class EntityDoc {
  public final String key;
  public final long version;
  public final boolean archived;
  /** What the {@link DocCompiler} of the data set made of the document, or null. */
  public final Object compiled;
  private final JsonObject node;
  private final String source;
  private final int start;
  private final int end;

  public EntityDoc(String key, long version, boolean archived, JsonObject node) {
    this.key = key;
    this.version = version;
    this.archived = archived;
    this.node = node;
    this.compiled = null;
    this.source = null;
    this.start = 0;
    this.end = 0;
  }

  /**
   * A document read from {@code source} ({@code start} to {@code end}) with its compiled form, or with none
   * ({@code compiled} null: the store compiles it from {@link #node()}).
   */
  EntityDoc(String key, long version, boolean archived, Object compiled, String source, int start, int end) {
    this.key = key;
    this.version = version;
    this.archived = archived;
    this.node = null;
    this.compiled = compiled;
    this.source = source;
    this.start = start;
    this.end = end;
  }

  /** The document's tree: the one read, or, for a document compiled as read, read again from its text. */
  public JsonObject node() {
    if (node != null || source == null) {
      return node;
    }
    try {
      return (JsonObject) JsonTree.parse(source.substring(start, end));
    } catch (JsonTree.SyntaxError | ClassCastException e) {
      throw new IllegalStateException("a document's text no longer reads as it did", e);
    }
  }

  /** The document as JSON text that reads back to the same tree. */
  public String json() {
    return node == null && source != null ? source.substring(start, end) : JsonTree.toReadableJson(node);
  }
}
