package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.openfeature.FeatBitProvider;
import dev.featbit.sdk.FBClient;
import dev.featbit.spring.openfeature.FeatBitOpenFeatureAutoConfiguration;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The optional OpenFeature integration: a provider over the FBClient bean, registered with OpenFeatureAPI. */
class OpenFeatureTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(FeatBitAutoConfiguration.class,
          FeatBitOpenFeatureAutoConfiguration.class))
      .withPropertyValues(TestSupport.offline());

  @AfterEach
  void resetOpenFeature() {
    OpenFeatureAPI.getInstance().shutdown();
  }

  @Test
  void providerOverTheClientBeanIsTheDefaultProviderAndEvaluates() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(FeatBitProvider.class).hasSingleBean(Client.class);
      FeatBitProvider provider = context.getBean(FeatBitProvider.class);
      assertThat(provider.getFeatBitClient()).isSameAs(context.getBean(FBClient.class));
      assertThat(OpenFeatureAPI.getInstance().getProvider()).isSameAs(provider);
      Client client = context.getBean(Client.class);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.READY);
      FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("flag", false, new ImmutableContext("u1"));
      assertThat(d.getValue()).isTrue();
      assertThat(d.getVariant()).isEqualTo("v-true");
      assertThat(OpenFeatureAPI.getInstance().getClient().getBooleanValue("flag", false, new ImmutableContext("u1")))
          .isTrue();
    });
    // closing the context unregisters the provider; the client bean was closed by the context, not the provider
    assertThat(OpenFeatureAPI.getInstance().getProvider()).isInstanceOf(NoOpProvider.class);
  }

  @Test
  void domainRegistrationLeavesTheDefaultProviderAlone() {
    runner.withPropertyValues("featbit.openfeature.domain=flags").run(context -> {
      FeatBitProvider provider = context.getBean(FeatBitProvider.class);
      assertThat(OpenFeatureAPI.getInstance().getProvider("flags")).isSameAs(provider);
      assertThat(OpenFeatureAPI.getInstance().getProvider()).isNotSameAs(provider);
      Client client = context.getBean(Client.class);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.READY);
      assertThat(client.getBooleanValue("flag", false, new ImmutableContext("u1"))).isTrue();
    });
  }

  @Test
  void providerShutdownDoesNotCloseTheSharedClient() {
    runner.run(context -> {
      FBClient client = context.getBean(FBClient.class);
      // the provider initializes asynchronously: shut down once it is ready, not during its initialization
      Client of = context.getBean(Client.class);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> of.getProviderState() == ProviderState.READY);
      OpenFeatureAPI.getInstance().shutdown();
      assertThat(client.isClosed()).isFalse();
      assertThat(client.boolVariation("flag", dev.featbit.sdk.FBUser.builder("u").build(), false)).isTrue();
    });
  }

  @Test
  void switchedOffOrWithoutTheModuleNothingIsRegistered() {
    runner.withPropertyValues("featbit.openfeature.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(FBClient.class).doesNotHaveBean(FeatBitProvider.class)
          .doesNotHaveBean(Client.class);
    });
    runner.withClassLoader(new FilteredClassLoader(FeatBitProvider.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(FBClient.class).doesNotHaveBean(Client.class);
    });
  }

  @Test
  void readmeSnippetControllerGetsTheClientBean() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FeatBitAutoConfiguration.class,
            FeatBitOpenFeatureAutoConfiguration.class))
        .withPropertyValues("featbit.offline=true",
            "featbit.bootstrap=" + TestSupport.BOOTSTRAP.replace("\"key\":\"flag\"", "\"key\":\"new-greeting\""))
        .withBean(GreetingController.class)
        .run(context -> {
          Client client = context.getBean(Client.class);
          Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.READY);
          assertThat(context.getBean(GreetingController.class).greeting("u1")).isEqualTo("Hello!");
        });
  }
}
