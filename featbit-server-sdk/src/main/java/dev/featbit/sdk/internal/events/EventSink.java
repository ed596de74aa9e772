package dev.featbit.sdk.internal.events;

import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.eval.Served;

/**
 * Where evaluations report to (spec 4.4, EVT-1). The client calls {@link #evaluation} once per successful
 * typed evaluation, after type conversion succeeded, on the caller's thread: implementations must only
 * enqueue (never block, never throw). {@link EventProcessor} is the implementation that delivers them.
 */
public interface EventSink extends AutoCloseable {
  /**
   * Records one evaluation, stamped with the time of this call (taken by the sink, only when the event is
   * accepted).
   */
  void evaluation(FBUser user, Served served);

  /** Records a custom metric ({@code track}), stamped like {@link #evaluation}. */
  void metric(FBUser user, String eventName, double value);

  @Override
  void close();

  /** Events disabled or offline: nothing is recorded. */
  EventSink NONE = new EventSink() {
    @Override
    public void evaluation(FBUser user, Served served) {}

    @Override
    public void metric(FBUser user, String eventName, double value) {}

    @Override
    public void close() {}
  };
}
