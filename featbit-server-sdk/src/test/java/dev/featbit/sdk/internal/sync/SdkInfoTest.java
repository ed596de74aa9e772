package dev.featbit.sdk.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBConfig;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.TestFlag;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SDK version reported to the server is the version the build gave the artifact. */
class SdkInfoTest {
  /** The pom's {@code project.version}, handed to the tests by the build (surefire). */
  static String buildVersion() {
    String v = System.getProperty("featbit.build.version");
    assertThat(v).as("system property featbit.build.version (set by the build)").isNotBlank()
        .doesNotContain("${");
    return v;
  }

  @Test
  void versionIsTheProjectVersion() {
    String v = buildVersion();
    assertThat(SdkInfo.VERSION).isEqualTo(v);
    assertThat(SdkInfo.readVersion()).isEqualTo(v);
    assertThat(SdkInfo.USER_AGENT).isEqualTo("featbit-java-server-sdk/" + v);
  }

  @Test
  void userAgentOnTheWireCarriesTheProjectVersion() {
    try (FeatBitTestServer server = FeatBitTestServer.start()) {
      server.load(TestFlag.bool("on"));
      FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())
          .startWait(Duration.ofSeconds(10)).disableEvents().build();
      try (FBClient client = new FBClient(config)) {
        assertThat(client.isInitialized()).isTrue();
      }
      assertThat(server.upgradeUserAgents()).isNotEmpty()
          .allMatch(ua -> ua.equals("featbit-java-server-sdk/" + buildVersion()));
    }
  }
}
