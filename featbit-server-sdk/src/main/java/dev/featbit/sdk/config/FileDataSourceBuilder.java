package dev.featbit.sdk.config;

import dev.featbit.sdk.internal.sync.FileDataSource;
import dev.featbit.sdk.spi.ComponentContext;
import dev.featbit.sdk.spi.DataSource;
import dev.featbit.sdk.spi.DataSourceFactory;
import dev.featbit.sdk.spi.DataSourceUpdates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Flags from local files, reloaded when they change, with no network for data: the factory behind
 * {@code Components.fileDataSource(...)}. Pass it to {@code Components.customDataSource(...)} to change its
 * timings. Not thread-safe.
 *
 * <p>Each file is a {@code data-sync} message, a {@code latest-all} body or
 * {@code {"featureFlags":[...],"segments":[...]}} (items as the evaluation server sends them, {@code updatedAt}
 * included); together the files are one complete data set, and a flag key or segment id in two files is an
 * error. A change is noticed through the file system's watch service and, where that is unreliable, by a check
 * every {@link #pollInterval(Duration)}; it is loaded once the files' sizes, modification times and contents
 * stayed the same for {@link #debounce(Duration)} and every file parses, so a file being written is not loaded half. A
 * malformed or missing file keeps the current data, is logged once per change and shown as the status's last
 * error ({@code INVALID_DATA}). An item whose content changed without a new {@code updatedAt} is still seen as
 * changed: change listeners fire for what changed.
 *
 * <pre>{@code
 * FBConfig config = FBConfig.builder(null)
 *     .dataSync(Components.customDataSource(new FileDataSourceBuilder(Path.of("flags.json"))
 *         .debounce(Duration.ofMillis(500))))
 *     .events(Components.noEvents())
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FileDataSourceBuilder implements DataSourceFactory {
  /** Default time a change must be stable before it is loaded: 200 ms. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);
  /** Default interval of the check that backs up the watch service: 1 second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private final List<Path> files;
  private Duration debounce = DEFAULT_DEBOUNCE;
  private Duration pollInterval = DEFAULT_POLL_INTERVAL;

  /**
   * A file data source reading these files.
   *
   * @param files one or more flag data files
   * @throws IllegalArgumentException if no file is given
   * @throws NullPointerException if a file is null
   */
  public FileDataSourceBuilder(Path... files) {
    if (files == null || files.length == 0) {
      throw new IllegalArgumentException("at least one flag data file");
    }
    List<Path> l = new ArrayList<>();
    for (Path f : files) {
      l.add(Objects.requireNonNull(f, "file"));
    }
    this.files = Collections.unmodifiableList(l);
  }

  /**
   * How long the files must stay unchanged before a change is loaded (default {@link #DEFAULT_DEBOUNCE}); at
   * least 0.
   *
   * @param debounce the quiet time
   * @return this builder
   * @throws IllegalArgumentException if negative
   */
  public FileDataSourceBuilder debounce(Duration debounce) {
    if (Objects.requireNonNull(debounce, "debounce").isNegative()) {
      throw new IllegalArgumentException("debounce must not be negative");
    }
    this.debounce = debounce;
    return this;
  }

  /**
   * How often the files are checked besides the watch service's notices (default
   * {@link #DEFAULT_POLL_INTERVAL}); at least 10 ms.
   *
   * @param interval the check interval
   * @return this builder
   * @throws IllegalArgumentException if shorter than 10 ms
   */
  public FileDataSourceBuilder pollInterval(Duration interval) {
    if (Objects.requireNonNull(interval, "pollInterval").toMillis() < 10) {
      throw new IllegalArgumentException("pollInterval must be at least 10 ms");
    }
    this.pollInterval = interval;
    return this;
  }

  /**
   * The files read.
   *
   * @return the files, in the order given
   */
  public List<Path> files() {
    return files;
  }

  /**
   * Creates the data source; called by the client's constructor, or by an application's factory that wraps
   * this one (any implementations of the two interfaces do: the source uses the context's
   * {@link ComponentContext#scheduler() scheduler} and {@link ComponentContext#clock() clock}, and commits
   * through {@link DataSourceUpdates#apply(String)}).
   *
   * @param context the client's context
   * @param updates where the source commits the files' data
   * @return the data source
   * @throws NullPointerException if {@code context} or {@code updates} is null
   */
  @Override
  public DataSource create(ComponentContext context, DataSourceUpdates updates) {
    return new FileDataSource(context, updates, files, debounce.toMillis(), pollInterval.toMillis());
  }
}
