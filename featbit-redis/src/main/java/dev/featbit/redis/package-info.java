/**
 * A Redis persistent data store for the FeatBit server-side SDK: {@link dev.featbit.redis.RedisDataStore}.
 * One process writes what it syncs from FeatBit into Redis (any client configured with the store, or the CLI's
 * {@code featbit relay}); the other instances read their flags from Redis ({@code Components.noDataSync()}) and
 * follow its changes through Redis pub/sub.
 */
package dev.featbit.redis;
