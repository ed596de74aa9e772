package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.internal.data.DataSource;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.internal.store.FullDataCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline data source: commits the bootstrap data once, as a complete data set whatever its
 * {@code eventType} says, when started (synchronously: an offline client is ready when its constructor
 * returns). Data that cannot be loaded leaves an initialized, empty store. Data already parsed (by the
 * configuration's validation) is committed as is, so the text is not parsed a second time; the text and the
 * parsed data are both released once loaded.
 */
public final class BootstrapDataSource implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.client");
  private static final String EMPTY = "{\"featureFlags\":[],\"segments\":[]}";
  private final DataUpdater updater;
  private final long regexStepBudget;
  private String json; // released once loaded: bootstrap text can be megabytes
  private DataSyncMessage parsed; // the same data already parsed, or null; released once loaded

  public BootstrapDataSource(DataUpdater updater, String json, long regexStepBudget) {
    this(updater, json, null, regexStepBudget);
  }

  /**
   * {@code parsed}: {@code json} as {@link DataSyncMessage#parseBootstrap} decoded it, or {@code null};
   * {@code regexStepBudget}: the store's, for compiling the text as it is read when it has to be read.
   */
  public BootstrapDataSource(DataUpdater updater, String json, DataSyncMessage parsed, long regexStepBudget) {
    this.updater = updater;
    this.regexStepBudget = regexStepBudget;
    this.json = json;
    this.parsed = parsed;
  }

  @Override
  public void start() {
    String text = json;
    DataSyncMessage message = parsed;
    json = null;
    parsed = null;
    boolean loaded = message != null ? updater.apply(message.asFull()) != null
        : load(updater, text != null ? text : EMPTY, regexStepBudget);
    if (!loaded) {
      LOG.error("Offline bootstrap data could not be loaded; the store is empty");
      load(updater, EMPTY, regexStepBudget);
    }
  }

  /**
   * Commits {@code json} as a complete data set, compiled as it is read for a store with {@code regexStepBudget};
   * false when it is not FeatBit flag data.
   */
  public static boolean load(DataUpdater updater, String json, long regexStepBudget) {
    try {
      return updater.apply(DataSyncMessage.parseBootstrap(json, new FullDataCompiler(regexStepBudget)).asFull())
          != null;
    } catch (DataSyncMessage.InvalidMessageException e) {
      LOG.error("Flag data rejected: {}", e.getMessage());
      return false;
    }
  }

  @Override
  public void close() {}
}
