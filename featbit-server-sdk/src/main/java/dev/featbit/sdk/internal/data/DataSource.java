package dev.featbit.sdk.internal.data;

/**
 * The SDK's own data sources (streaming, polling, bootstrap), on the public {@link dev.featbit.sdk.spi.DataSource}
 * contract. They commit decoded {@link DataSyncMessage}s through the client's
 * {@link dev.featbit.sdk.internal.sync.DataUpdater}, which publishes readiness and change notifications.
 */
public interface DataSource extends dev.featbit.sdk.spi.DataSource {
}
