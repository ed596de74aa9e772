package dev.featbit.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.actuate.FeatBitActuatorAutoConfiguration;
import dev.featbit.spring.health.FeatBitHealthAutoConfiguration;
import dev.featbit.spring.health.FeatBitHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** This module runs on Spring Boot 4, where the starter registers the Spring Boot 4 health indicator only. */
class SpringBoot4Test {
  static final String OFFLINE = "{\"featureFlags\":[],\"segments\":[]}";

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(FeatBitAutoConfiguration.class,
          FeatBitActuatorAutoConfiguration.class, FeatBitHealthAutoConfiguration.class))
      .withPropertyValues("featbit.offline=true", "featbit.bootstrap=" + OFFLINE);

  @Test
  void runsOnSpringBoot4WithoutTheSpringBoot3HealthApi() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
    assertThat(getClass().getClassLoader().getResource("org/springframework/boot/actuate/health/HealthIndicator.class"))
        .isNull();
  }

  @Test
  void theSpringBoot4IndicatorReportsTheClient() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(FBClient.class);
      FeatBitHealthIndicator indicator = context.getBean("featbitHealthIndicator", FeatBitHealthIndicator.class);
      Health health = indicator.health(true);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("state", "READY").containsEntry("offline", true);
      context.getBean(FBClient.class).close();
      assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void theIndicatorCanBeSwitchedOff() {
    runner.withPropertyValues("management.health.featbit.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("featbitHealthIndicator"));
  }
}
