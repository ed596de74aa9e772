package dev.featbit.sdk.spi;

import java.util.Objects;

/**
 * One flag or segment as a persistent data store keeps it: its key, version, whether it is archived, and its
 * JSON document exactly as the evaluation server sends it. Immutable.
 *
 * @since 0.1.0
 */
public final class StoredItem {
  private final String key;
  private final long version;
  private final boolean archived;
  private final String json;

  /**
   * Creates an item.
   *
   * @param key the flag key or segment id
   * @param version the item's version (its {@code updatedAt} in milliseconds); newer wins
   * @param archived whether the item is archived (a tombstone that keeps its version)
   * @param json the item's JSON document
   */
  public StoredItem(String key, long version, boolean archived, String json) {
    this.key = Objects.requireNonNull(key, "key");
    this.version = version;
    this.archived = archived;
    this.json = Objects.requireNonNull(json, "json");
  }

  /**
   * The flag key or segment id.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The version; a store replaces an item only with a strictly newer one.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * Whether the item is archived.
   *
   * @return true for an archived item
   */
  public boolean isArchived() {
    return archived;
  }

  /**
   * The item's JSON document.
   *
   * @return the JSON text
   */
  public String json() {
    return json;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StoredItem)) {
      return false;
    }
    StoredItem i = (StoredItem) o;
    return version == i.version && archived == i.archived && key.equals(i.key) && json.equals(i.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, archived);
  }

  /**
   * Shows the identity, not the document.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "StoredItem{" + key + " v" + version + (archived ? " archived" : "") + "}";
  }
}
