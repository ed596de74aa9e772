package dev.featbit.sdk.internal.events;

import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.eval.Served;

/**
 * Where evaluations report to (spec 4.4, EVT-1). The client calls {@link #evaluation} once per successful
 * typed evaluation, after type conversion succeeded, on the caller's thread: implementations must only
 * enqueue (never block, never throw). The event-delivery issue plugs its processor in here.
 */
public interface EventSink extends AutoCloseable {
  /** Records one evaluation; {@code timestampMillis} is the time of the call. */
  void evaluation(FBUser user, Served served, long timestampMillis);

  /** Records a custom metric ({@code track}). */
  void metric(FBUser user, String eventName, double value, long timestampMillis);

  @Override
  void close();

  /** Events disabled or offline: nothing is recorded. */
  EventSink NONE = new EventSink() {
    @Override
    public void evaluation(FBUser user, Served served, long timestampMillis) {}

    @Override
    public void metric(FBUser user, String eventName, double value, long timestampMillis) {}

    @Override
    public void close() {}
  };
}
