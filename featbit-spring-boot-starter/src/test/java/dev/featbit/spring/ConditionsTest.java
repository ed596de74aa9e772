package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.spring.actuate.DataUpdateClock;
import dev.featbit.spring.actuate.FeatBitHealthIndicator;
import dev.featbit.spring.actuate.FeatBitMetrics;
import dev.featbit.spring.web.FBUserResolver;
import dev.featbit.spring.web.PrincipalNameResolver;
import dev.featbit.spring.web.SpringSecurityPrincipalNameResolver;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Back-off for application beans, {@code featbit.enabled=false}, and the optional parts' conditions. */
class ConditionsTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(TestSupport.all());
  final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(TestSupport.all());

  @Test
  void applicationClientReplacesTheStartersWithoutNeedingProperties() {
    runner.withUserConfiguration(OwnClient.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(FBClient.class);
      assertThat(context.getBean(FBClient.class)).isSameAs(context.getBean(OwnClient.class).client);
      assertThat(context).doesNotHaveBean(FBConfig.class);
      assertThat(context).hasSingleBean(FeatBitHealthIndicator.class).hasSingleBean(FeatBitMetrics.class);
    });
  }

  @Test
  void applicationConfigReplacesTheProperties() {
    runner.withUserConfiguration(OwnConfig.class).withPropertyValues("featbit.streaming-url=not a url").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(FBClient.class).config()).isSameAs(context.getBean(OwnConfig.class).config);
    });
  }

  @Test
  void disabledConfiguresNothing() {
    web.withPropertyValues("featbit.enabled=false", "featbit.streaming-url=not a url").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(FBClient.class).doesNotHaveBean(FBConfig.class)
          .doesNotHaveBean(FBUserResolver.class).doesNotHaveBean(HealthIndicator.class)
          .doesNotHaveBean(MeterBinder.class).doesNotHaveBean(DataUpdateClock.class)
          .doesNotHaveBean(FeatBitProperties.class);
    });
  }

  @Test
  void everythingWithAllLibrariesPresent() {
    web.withPropertyValues(TestSupport.offline()).run(context -> {
      assertThat(context).hasSingleBean(FBClient.class).hasSingleBean(FBUserResolver.class)
          .hasSingleBean(FeatBitHealthIndicator.class).hasSingleBean(FeatBitMetrics.class)
          .hasBean("featbitHealthIndicator").hasBean("featBitWebMvcConfigurer");
      assertThat(context.getBean(PrincipalNameResolver.class)).isInstanceOf(SpringSecurityPrincipalNameResolver.class);
    });
  }

  @Test
  void worksWithoutActuatorMicrometerSecurityOrWeb() {
    runner.withPropertyValues(TestSupport.offline())
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "io.micrometer",
            "org.springframework.security", "org.springframework.web", "jakarta.servlet"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(FBClient.class).doesNotHaveBean(FeatBitHealthIndicator.class)
              .doesNotHaveBean(FeatBitMetrics.class).doesNotHaveBean(FBUserResolver.class);
          assertThat(context.getBean(FBConfig.class).isEvaluationMetricsEnabled()).isFalse();
        });
  }

  @Test
  void webWithoutSpringSecurityUsesTheServletPrincipal() {
    web.withPropertyValues(TestSupport.offline()).withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(FBUserResolver.class).doesNotHaveBean(PrincipalNameResolver.class);
        });
  }

  @Test
  void nonWebApplicationHasNoUserResolver() {
    runner.withPropertyValues(TestSupport.offline())
        .run(context -> assertThat(context).doesNotHaveBean(FBUserResolver.class));
  }

  @Test
  void switchesForHealthAndWeb() {
    web.withPropertyValues(TestSupport.offline())
        .withPropertyValues("management.health.featbit.enabled=false", "featbit.web.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(FeatBitHealthIndicator.class).doesNotHaveBean(WebMvcConfigurer.class);
          assertThat(context).hasSingleBean(FBUserResolver.class).hasSingleBean(FeatBitMetrics.class);
        });
  }

  @Test
  void applicationUserResolverReplacesTheDefault() {
    web.withPropertyValues(TestSupport.offline()).withUserConfiguration(OwnResolver.class).run(context ->
        assertThat(context.getBean(FBUserResolver.class)).isSameAs(OwnResolver.RESOLVER));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    final FBClient client = new FBClient(FBConfig.builder(null).offline(true).build());

    @Bean(destroyMethod = "close")
    FBClient myClient() {
      return client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConfig {
    final FBConfig config = FBConfig.builder(null).offline(true).build();

    @Bean
    FBConfig myConfig() {
      return config;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResolver {
    static final FBUserResolver RESOLVER = request -> null;

    @Bean
    FBUserResolver myResolver() {
      return RESOLVER;
    }
  }
}
