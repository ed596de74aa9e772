package dev.featbit.spring;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * One {@link FBClient} for the application, built from the {@code featbit.*} properties
 * ({@link FeatBitProperties}), started with the context (the constructor waits up to {@code featbit.start-wait}
 * for the flag data) and closed with it (final event flush bounded by {@code featbit.events.shutdown-timeout}).
 *
 * <p>An application bean of type {@link FBClient} replaces the client; one of type {@link FBConfig} replaces the
 * property-based configuration. {@code featbit.enabled=false} turns the whole starter off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(FeatBitProperties.class)
public class FeatBitAutoConfiguration {
  static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  /**
   * The configuration from the properties and the {@link FBConfigCustomizer} beans.
   *
   * @throws FeatBitConfigurationException naming the first invalid property (the application does not start)
   * @param properties the {@code featbit.*} properties
   * @param customizers the application's customizers, applied in order after the properties
   * @param resourceLoader the loader that reads {@code featbit.bootstrap-file} and tells whether Micrometer is present
   * @return the validated configuration
   */
  @Bean
  @ConditionalOnMissingBean({FBConfig.class, FBClient.class})
  public FBConfig featBitConfig(FeatBitProperties properties, ObjectProvider<FBConfigCustomizer> customizers,
      ResourceLoader resourceLoader) {
    boolean micrometer = ClassUtils.isPresent(MICROMETER_REGISTRY, resourceLoader.getClassLoader());
    return FeatBitConfigFactory.create(properties, customizers.orderedStream().toList(), micrometer);
  }

  /**
   * The client; {@code close()} runs when the context closes.
   *
   * @param config the configuration bean
   * @return the started client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public FBClient featBitClient(FBConfig config) {
    return new FBClient(config);
  }
}
