package dev.featbit.spring.webflux;

import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.FeatBitProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Per-request users for reactive (WebFlux) web applications: a {@link ReactiveFBUserResolver} bean (unless the
 * application declares one) and, with {@code featbit.web.enabled} (default {@code true}), the
 * {@link FBUserReactiveArgumentResolver} for {@code FBUser} controller parameters. Spring Security is optional:
 * its reactive security context gives the principal when it is on the classpath.
 */
@AutoConfiguration(after = FeatBitAutoConfiguration.class)
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = {"org.springframework.web.reactive.config.WebFluxConfigurer",
    "reactor.core.publisher.Mono"})
@EnableConfigurationProperties(FeatBitProperties.class)
public class FeatBitWebFluxAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public FeatBitWebFluxAutoConfiguration() {}

  /**
   * The default resolver: principal, then the user header, then the anonymous key (or no user).
   *
   * @param properties the {@code featbit.web.*} settings
   * @param principal the principal's name source, when the application or the starter declares one
   * @return the resolver
   */
  @Bean
  @ConditionalOnMissingBean
  public ReactiveFBUserResolver reactiveFbUserResolver(FeatBitProperties properties,
      ObjectProvider<ReactivePrincipalNameResolver> principal) {
    FeatBitProperties.Web web = properties.getWeb();
    return new DefaultReactiveFBUserResolver(web.getUserHeader(), web.getAnonymousKey(),
        principal.getIfAvailable(ReactivePrincipalNameResolver::exchangePrincipal));
  }

  /**
   * Registers the {@code FBUser} parameter resolver with WebFlux.
   *
   * @param resolver decides the user of each request
   * @return the configurer
   */
  @Bean
  @ConditionalOnProperty(prefix = FeatBitProperties.PREFIX + ".web", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  public WebFluxConfigurer featBitWebFluxConfigurer(ReactiveFBUserResolver resolver) {
    return new WebFluxConfigurer() {
      @Override
      public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new FBUserReactiveArgumentResolver(resolver));
      }
    };
  }

  /** Spring Security's reactive security context as the principal, only when Spring Security is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
  static class SpringSecurityPrincipal {
    @Bean
    @ConditionalOnMissingBean
    ReactivePrincipalNameResolver featBitReactivePrincipalNameResolver() {
      return new ReactiveSecurityPrincipalNameResolver();
    }
  }
}
