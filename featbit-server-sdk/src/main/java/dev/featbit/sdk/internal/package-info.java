/**
 * Implementation of the SDK; not API. {@code data}: decoding of data-sync messages and the data-source seam;
 * {@code store}: immutable snapshots and commit rules; {@code eval}: flag compilation and the evaluator;
 * {@code events}: the event-sink seam.
 */
package dev.featbit.sdk.internal;
