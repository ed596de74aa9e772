package dev.featbit.sdk.internal.data;

/**
 * Compiles the documents of a complete data set while it is read ({@link DataSyncMessage#parseBootstrap(String,
 * DocCompiler)}): each flag or segment is compiled as soon as its text has been read, and its tree is dropped
 * then, so reading a large data set never holds the trees of all its documents at once. One instance serves one
 * data set, on the reading thread.
 */
public interface DocCompiler {
  /** The compiled form of a flag document, or null to leave the document to the store. */
  Object flag(String key, long version, boolean archived, JsonObject node);

  /**
   * The members of a flag document that {@link #flag} reads (the others are checked as JSON and dropped as
   * they are read), or null to keep every member.
   */
  default JsonTree.Shape flagShape() {
    return null;
  }

  /** As {@link #flagShape()}, for a segment document and {@link #segment}. */
  default JsonTree.Shape segmentShape() {
    return null;
  }

  /** The compiled form of a segment document ({@code id} canonical), or null to leave it to the store. */
  Object segment(String id, long version, boolean archived, JsonObject node);
}
