package dev.featbit.spring.actuate;

import dev.featbit.sdk.FBClient;
import dev.featbit.spring.FBConfigCustomizer;
import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.FeatBitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot Actuator: the {@code featbit} health indicator ({@link FeatBitHealthIndicator}, switch:
 * {@code management.health.featbit.enabled}); with Micrometer: the {@code featbit.*} meters
 * ({@link FeatBitMetrics}; with {@code featbit.metrics.flag-tag=true}, a {@link FlagTagMeterHook} registered
 * through an {@link FBConfigCustomizer} counts {@code featbit.evaluations} by flag and reason). Both watch the
 * application's {@link FBClient} bean, whoever made it.
 */
@AutoConfiguration(after = FeatBitAutoConfiguration.class)
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(FBClient.class)
public class FeatBitActuatorAutoConfiguration {

  /**
   * When the client last received data; shared by the health indicator and the metrics.
   *
   * @param client the application's client
   * @return the clock of the client's data updates
   */
  @Bean
  @ConditionalOnMissingBean
  public DataUpdateClock featBitDataUpdateClock(FBClient client) {
    return new DataUpdateClock(client);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
  static class Health {
    /** Nested so that its condition is only read when Actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("featbit")
    static class Indicator {
      @Bean
      @ConditionalOnMissingBean(name = "featbitHealthIndicator")
      FeatBitHealthIndicator featbitHealthIndicator(FBClient client, DataUpdateClock updates) {
        return new FeatBitHealthIndicator(client, updates);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    FeatBitMetrics featBitMetrics(FBClient client, DataUpdateClock updates) {
      return new FeatBitMetrics(client, updates);
    }

    /** {@code featbit.metrics.flag-tag=true}: {@code featbit.evaluations} tagged with the flag key too. */
    @Bean
    @ConditionalOnProperty(prefix = FeatBitProperties.PREFIX + ".metrics", name = "flag-tag", havingValue = "true")
    @ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "evaluation-metrics", havingValue = "true",
        matchIfMissing = true)
    @ConditionalOnMissingBean(name = "featBitFlagTagCustomizer")
    FBConfigCustomizer featBitFlagTagCustomizer(ObjectProvider<MeterRegistry> registry) {
      FlagTagMeterHook hook = new FlagTagMeterHook(registry::getIfAvailable);
      return builder -> builder.hooks(hook);
    }
  }
}
