package dev.featbit.sdk.internal.data;


/**
 * One flag or segment document from a data-sync message with its identity and version already read (spec
 * 2.8). {@code key} is the flag key, or the segment id in its canonical (lower-case) form.
 */
public final class EntityDoc {
  public final String key;
  public final long version;
  public final boolean archived;
  public final JsonObject node;

  public EntityDoc(String key, long version, boolean archived, JsonObject node) {
    this.key = key;
    this.version = version;
    this.archived = archived;
    this.node = node;
  }
}
