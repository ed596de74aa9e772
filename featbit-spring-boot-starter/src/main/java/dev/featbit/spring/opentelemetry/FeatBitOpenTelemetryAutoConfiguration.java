package dev.featbit.spring.opentelemetry;

import dev.featbit.opentelemetry.MetricsHook;
import dev.featbit.opentelemetry.TracingHook;
import dev.featbit.spring.FBConfigCustomizer;
import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.FeatBitProperties;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code featbit-opentelemetry} and the OpenTelemetry API on the classpath and an {@link OpenTelemetry}
 * bean in the context (the application's, Spring Boot's or the OpenTelemetry Spring Boot starter's): an
 * {@link FBConfigCustomizer} that registers the {@link TracingHook} ({@code feature_flag.evaluation} events on
 * the current span; {@code featbit.opentelemetry.spans}, {@code include-user-key} and {@code include-value} set
 * its options) and the {@link MetricsHook} ({@code featbit.flag.evaluations}) on the client's configuration.
 * Switch: {@code featbit.opentelemetry.enabled}. Like every customizer, it does not apply to an application's
 * own {@code FBConfig} or {@code FBClient} bean.
 */
@AutoConfiguration(before = FeatBitAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
    "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration"})
@ConditionalOnClass(name = {"dev.featbit.opentelemetry.TracingHook", "io.opentelemetry.api.OpenTelemetry"})
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX + ".opentelemetry", name = "enabled", havingValue = "true",
    matchIfMissing = true)
@ConditionalOnBean(OpenTelemetry.class)
@EnableConfigurationProperties(FeatBitProperties.class)
public class FeatBitOpenTelemetryAutoConfiguration {
  /** The bean name of the customizer, {@value}. */
  public static final String CUSTOMIZER = "featBitOpenTelemetryCustomizer";

  /**
   * Registers the tracing and metrics hooks.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @param properties the {@code featbit.*} properties
   * @return the customizer
   */
  @Bean(CUSTOMIZER)
  @ConditionalOnMissingBean(name = CUSTOMIZER)
  public FBConfigCustomizer featBitOpenTelemetryCustomizer(OpenTelemetry openTelemetry,
      FeatBitProperties properties) {
    FeatBitProperties.OpenTelemetry p = properties.getOpentelemetry();
    TracingHook tracing = TracingHook.builder(openTelemetry).spans(p.isSpans())
        .includeUserKey(p.isIncludeUserKey()).includeValue(p.isIncludeValue()).build();
    MetricsHook metrics = MetricsHook.create(openTelemetry);
    return builder -> builder.hooks(tracing, metrics);
  }
}
