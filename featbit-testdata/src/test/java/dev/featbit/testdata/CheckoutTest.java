package dev.featbit.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.testkit.TestFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The root README's {@code ```java testdata} block, verbatim ({@link ReadmeTest} checks it), run as a user's test. */
// README: begin
class CheckoutTest {
  TestData flags = TestData.dataSource();
  FBClient client = new FBClient(flags.configBuilder().build());   // no server, no socket

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void betaUsersGetTheNewCheckoutUntilItIsSwitchedOff() {
    flags.update(TestFlag.bool("new-checkout").serve(false)
        .rule("beta", true, TestFlag.condition("plan", "Equal", "beta")));
    FBUser beta = FBUser.builder("u-1").custom("plan", "beta").build();
    assertThat(client.boolVariation("new-checkout", beta, false)).isTrue();

    flags.update(TestFlag.bool("new-checkout").on(false));          // seen at once, listeners fire
    assertThat(client.boolVariation("new-checkout", beta, true)).isFalse();
  }
}
// README: end
