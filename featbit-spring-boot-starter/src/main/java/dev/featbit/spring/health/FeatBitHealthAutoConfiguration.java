package dev.featbit.spring.health;

import dev.featbit.sdk.FBClient;
import dev.featbit.spring.FeatBitProperties;
import dev.featbit.spring.actuate.DataUpdateClock;
import dev.featbit.spring.actuate.FeatBitActuatorAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code featbit} health indicator on Spring Boot 4, whose health API lives in the {@code spring-boot-health}
 * module (switch: {@code management.health.featbit.enabled}). On Spring Boot 3 the classes it is guarded by are
 * absent and {@link FeatBitActuatorAutoConfiguration} registers the Spring Boot 3 indicator instead; on Spring
 * Boot 4 that one's classes are absent: exactly one of the two applies.
 */
@AutoConfiguration(after = FeatBitActuatorAutoConfiguration.class,
    beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
    "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnBean(FBClient.class)
public class FeatBitHealthAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public FeatBitHealthAutoConfiguration() {}

  /** Nested so that its condition is only read when Spring Boot 4's health module is present. */
  @Configuration(proxyBeanMethods = false)
  @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("featbit")
  static class Indicator {
    @Bean
    @ConditionalOnMissingBean(name = "featbitHealthIndicator")
    FeatBitHealthIndicator featbitHealthIndicator(FBClient client, ObjectProvider<DataUpdateClock> updates) {
      return new FeatBitHealthIndicator(client, updates.getIfAvailable());
    }
  }
}
