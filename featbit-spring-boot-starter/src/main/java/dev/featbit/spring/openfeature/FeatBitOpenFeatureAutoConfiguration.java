package dev.featbit.spring.openfeature;

import dev.featbit.openfeature.FeatBitProvider;
import dev.featbit.sdk.FBClient;
import dev.featbit.spring.FeatBitAutoConfiguration;
import dev.featbit.spring.FeatBitProperties;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With {@code featbit-openfeature} on the classpath: a {@link FeatBitProvider} bean over the application's
 * {@link FBClient} bean (the provider never closes it: the context does), registered with
 * {@link OpenFeatureAPI} as the default provider (or for {@code featbit.openfeature.domain}), and an OpenFeature
 * {@link Client} bean for it. Registration does not block startup: the client bean has already waited
 * {@code featbit.start-wait}. When the context closes, the registration is replaced by a no-op provider.
 * Switch: {@code featbit.openfeature.enabled}.
 */
@AutoConfiguration(after = FeatBitAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.featbit.openfeature.FeatBitProvider", "dev.openfeature.sdk.OpenFeatureAPI"})
@ConditionalOnProperty(prefix = FeatBitProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(FBClient.class)
public class FeatBitOpenFeatureAutoConfiguration {

  /**
   * A provider wrapping the application's client; it never closes that client.
   *
   * @param client the application's client
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = FeatBitProperties.PREFIX + ".openfeature", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  public FeatBitProvider featBitProvider(FBClient client) {
    return new FeatBitProvider(client); // shutdown() leaves the shared client open
  }

  /**
   * Registers the provider with {@code OpenFeatureAPI.getInstance()}, without waiting for it to be ready.
   *
   * @param provider the provider to register
   * @param properties the {@code featbit.openfeature.domain} to register it for
   * @return the registration, undone when the context closes
   */
  @Bean
  @ConditionalOnBean(FeatBitProvider.class)
  @ConditionalOnMissingBean
  public Registration featBitOpenFeatureRegistration(FeatBitProvider provider, FeatBitProperties properties) {
    return new Registration(OpenFeatureAPI.getInstance(), provider, properties.getOpenfeature().getDomain());
  }

  /**
   * The OpenFeature client of the provider's registration (the default client, or the domain's).
   *
   * @param registration the provider's registration
   * @return an OpenFeature client evaluating with FeatBit
   */
  @Bean
  @ConditionalOnBean(FeatBitProvider.class)
  @ConditionalOnMissingBean(Client.class)
  public Client featBitOpenFeatureClient(Registration registration) {
    return registration.client();
  }

  /** The provider's registration with {@link OpenFeatureAPI}, undone when the context closes. */
  public static final class Registration implements DisposableBean {
    private final OpenFeatureAPI api;
    private final FeatBitProvider provider;
    private final String domain;

    Registration(OpenFeatureAPI api, FeatBitProvider provider, String domain) {
      this.api = api;
      this.provider = provider;
      this.domain = domain == null || domain.isBlank() ? null : domain.trim();
      if (this.domain == null) {
        api.setProvider(provider);
      } else {
        api.setProvider(this.domain, provider);
      }
    }

    /**
     * The domain registered for, or {@code null} for the default provider.
     *
     * @return the domain, or {@code null}
     */
    public String domain() {
      return domain;
    }

    /**
     * The OpenFeature client of the registered provider.
     *
     * @return the domain's client, or the default client
     */
    public Client client() {
      return domain == null ? api.getClient() : api.getClient(domain);
    }

    @Override
    public void destroy() {
      boolean stillOurs = (domain == null ? api.getProvider() : api.getProvider(domain)) == provider;
      if (stillOurs) {
        if (domain == null) {
          api.setProvider(new NoOpProvider());
        } else {
          api.setProvider(domain, new NoOpProvider());
        }
      }
    }
  }
}
