package dev.featbit.sdk.internal.sync;

import dev.featbit.sdk.DataUpdateStatus;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import dev.featbit.sdk.spi.DataSourceUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link DataSourceUpdates} a data source of the application is given: JSON in, through the updater. */
public final class Updates implements DataSourceUpdates {
  private static final Logger LOG = LoggerFactory.getLogger("featbit.sync");
  private final DataUpdater updater;

  public Updates(DataUpdater updater) {
    this.updater = updater;
  }

  @Override
  public boolean apply(String json) {
    if (json == null) {
      return false;
    }
    DataSyncMessage message;
    try {
      message = DataSyncMessage.parseUpdate(json);
    } catch (DataSyncMessage.InvalidMessageException e) {
      if (updater.logAtError(e)) {
        LOG.warn("Data source delivered data that is not FeatBit flag data: {}", e.getMessage());
      } else {
        LOG.debug("Data source delivered data that is not FeatBit flag data: {}", e.getMessage());
      }
      updater.status().error(DataUpdateStatus.ErrorKind.INVALID_DATA, e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.warn("Data source delivered unusable data: {}", e.toString());
      updater.status().error(DataUpdateStatus.ErrorKind.INVALID_DATA, e.getClass().getSimpleName());
      return false;
    }
    return updater.apply(message) != null;
  }

  /** Commits an already decoded message (the SDK's own file data source); false when closed. */
  public boolean apply(DataSyncMessage message) {
    return updater.apply(message) != null;
  }

  @Override
  public void upToDate() {
    updater.upToDate();
  }

  @Override
  public void interrupted(DataUpdateStatus.ErrorKind kind, String message) {
    updater.status().interrupted(kind == null ? DataUpdateStatus.ErrorKind.UNKNOWN : kind, message);
  }

  @Override
  public void stopped(String message) {
    updater.status().rejected(message);
  }

  @Override
  public boolean isInitialized() {
    return updater.isInitialized();
  }

  @Override
  public long cursor() {
    return updater.cursor();
  }
}
