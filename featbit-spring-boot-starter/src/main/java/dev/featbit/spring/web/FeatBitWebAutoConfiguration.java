package dev.featbit.spring.web;

import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.FeatBitProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Per-request users for servlet web applications: an {@link FBUserResolver} bean (unless the application
 * declares one) and, with {@code featbit.web.enabled} (default {@code true}), the {@link FBUserArgumentResolver}
 * for {@code FBUser} controller parameters. Spring Security is optional: its principal is used when it is on the
 * classpath.
 */
@AutoConfiguration(after = FeatBitAutoConfiguration.class)
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpServletRequest.class, HandlerMethodArgumentResolver.class, WebMvcConfigurer.class})
@EnableConfigurationProperties(FeatBitProperties.class)
public class FeatBitWebAutoConfiguration {

  /**
   * The default resolver: principal, then the user header, then the anonymous key (or {@code null}).
   *
   * @param properties the {@code featbit.web.*} properties
   * @param principal the application's principal name resolver, if any (else the servlet container's principal)
   * @return the default user resolver
   */
  @Bean
  @ConditionalOnMissingBean
  public FBUserResolver fbUserResolver(FeatBitProperties properties, ObjectProvider<PrincipalNameResolver> principal) {
    FeatBitProperties.Web web = properties.getWeb();
    return new DefaultFBUserResolver(web.getUserHeader(), web.getAnonymousKey(),
        principal.getIfAvailable(PrincipalNameResolver::servletPrincipal));
  }

  /**
   * Registers the {@code FBUser} parameter resolver with Spring MVC.
   *
   * @param resolver the user resolver
   * @return the configurer adding {@link FBUserArgumentResolver}
   */
  @Bean
  @ConditionalOnProperty(prefix = FeatBitProperties.PREFIX + ".web", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  public WebMvcConfigurer featBitWebMvcConfigurer(FBUserResolver resolver) {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new FBUserArgumentResolver(resolver));
      }
    };
  }

  /** Spring Security's authentication as the principal, only when Spring Security is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
  static class SpringSecurityPrincipal {
    @Bean
    @ConditionalOnMissingBean
    PrincipalNameResolver featBitPrincipalNameResolver() {
      return new SpringSecurityPrincipalNameResolver();
    }
  }
}
