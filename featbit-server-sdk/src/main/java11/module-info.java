/**
 * The FeatBit server-side SDK. Only the API packages are exported: {@code dev.featbit.sdk} (the client, its
 * configuration, users and results), {@code dev.featbit.sdk.config} (configuration of each area) and
 * {@code dev.featbit.sdk.spi} (what custom data sources and data stores implement). Everything under
 * {@code dev.featbit.sdk.internal} is implementation and stays encapsulated.
 *
 * <p>The jar is a multi-release jar: this descriptor is in {@code META-INF/versions/11/}, so on the class path
 * the jar is an ordinary library and on the module path it is this module.
 */
module dev.featbit.sdk {
  requires java.net.http;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports dev.featbit.sdk;
  exports dev.featbit.sdk.config;
  exports dev.featbit.sdk.spi;
}
