package dev.featbit.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;

/** The instrumentation scope of this module: its name and, from the jar's manifest, its version. */
final class Scope {
  static final String VERSION = Scope.class.getPackage().getImplementationVersion();

  private Scope() {}

  static Tracer tracer(OpenTelemetry openTelemetry) {
    TracerBuilder b = openTelemetry.getTracerProvider().tracerBuilder(TracingHook.INSTRUMENTATION_NAME);
    if (VERSION != null) {
      b.setInstrumentationVersion(VERSION);
    }
    return b.build();
  }

  static Meter meter(OpenTelemetry openTelemetry) {
    MeterBuilder b = openTelemetry.getMeterProvider().meterBuilder(TracingHook.INSTRUMENTATION_NAME);
    if (VERSION != null) {
      b.setInstrumentationVersion(VERSION);
    }
    return b.build();
  }
}
