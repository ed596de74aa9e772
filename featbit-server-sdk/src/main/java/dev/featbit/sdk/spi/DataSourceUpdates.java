package dev.featbit.sdk.spi;

import dev.featbit.sdk.DataUpdateStatus;

/**
 * How a {@link DataSource} delivers flag data to its client and reports its health. Thread-safe; every method
 * returns quickly and never throws.
 *
 * @since 0.1.0
 */
public interface DataSourceUpdates {
  /**
   * Applies FeatBit flag data: a {@code data-sync} message (its {@code eventType} says {@code full} or
   * {@code patch}), the body of the evaluation server's {@code latest-all}, or a bare
   * {@code {"featureFlags":[...],"segments":[...]}} object (a full data set). A full data set replaces
   * everything; a patch inserts unknown flags and segments and replaces older versions. The first full data
   * set initializes the client and makes its status {@code READY}; a later commit after an interruption makes
   * it {@code READY} again. Unusable items are logged and skipped; a document that is not FeatBit data is
   * logged and ignored, keeping the data already committed.
   *
   * @param json the data
   * @return true when the data was committed
   */
  boolean apply(String json);

  /**
   * Says the data held is current (for example an answer "no change" to a poll): an interrupted,
   * initialized client becomes {@code READY} again.
   */
  void upToDate();

  /**
   * Reports an interruption: the client keeps evaluating its last data and becomes {@code STALE} (or stays
   * {@code NOT_READY} before its first data set); the next commit or {@link #upToDate()} ends it.
   *
   * @param kind what went wrong
   * @param message a description safe for logs (no secret, token or credential)
   */
  void interrupted(DataUpdateStatus.ErrorKind kind, String message);

  /**
   * Reports that synchronisation has stopped for good (for example a rejected secret): the status becomes
   * {@code CLOSED}; data already committed stays evaluable.
   *
   * @param message a description safe for logs
   */
  void stopped(String message);

  /**
   * Whether a full data set has been committed.
   *
   * @return true once the client is initialized
   */
  boolean isInitialized();

  /**
   * The greatest version committed (the cursor to ask a server for changes since), 0 before the first full
   * data set.
   *
   * @return the cursor
   */
  long cursor();
}
