package dev.featbit.sdk.spi;

/**
 * The two kinds of item a data store holds.
 *
 * @since 0.1.0
 */
public enum DataKind {
  /** Feature flags, keyed by flag key. */
  FLAGS,
  /** Segments, keyed by segment id (lower case). */
  SEGMENTS
}
