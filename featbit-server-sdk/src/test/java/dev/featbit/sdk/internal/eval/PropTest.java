package dev.featbit.sdk.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBUser;
import org.junit.jupiter.api.Test;

/** The server's {@code EndUser.ValueOf} rule, as conditions and rollout dispatch read user properties. */
class PropTest {
  private static final FBUser NAMELESS = FBUser.builder("k").custom("plan", "team").custom("keyId", "fake")
      .custom("name", "Fake").custom(" ", "space").build();
  private static final FBUser ADA = FBUser.builder("u-1").name("Ada").custom("plan", "beta").build();

  @Test
  void blankPropertyReadsTheEmptyString() {
    for (String blank : new String[] {null, "", " ", "\t\n", "\u2003"}) {
      assertThat(Prop.of(blank)).isSameAs(Prop.EMPTY);
      assertThat(Prop.of(blank).read(NAMELESS)).isEmpty();
    }
  }

  @Test
  void keyIdAndNameReadTheBuiltInAttributesNotCustomOnesOfTheSameName() {
    assertThat(Prop.of("keyId").read(NAMELESS)).isEqualTo("k");
    assertThat(Prop.of("keyId").read(ADA)).isEqualTo("u-1");
    assertThat(Prop.of("name").read(ADA)).isEqualTo("Ada");
    assertThat(Prop.of("name").read(NAMELESS)).isNull();
    assertThat(Prop.of("keyId").describe()).isEqualTo("keyId");
    assertThat(Prop.of("name").describe()).isEqualTo("name");
  }

  @Test
  void otherPropertiesReadTheCustomAttributeOrTheEmptyString() {
    assertThat(Prop.of("plan").read(NAMELESS)).isEqualTo("team");
    assertThat(Prop.of(new String("plan".toCharArray())).read(ADA)).isEqualTo("beta");
    assertThat(Prop.of("missing").read(NAMELESS)).isEmpty();
    assertThat(Prop.of("KEYID").read(NAMELESS)).isEmpty();
    assertThat(Prop.of("plan").describe()).isEqualTo("plan");
  }

  @Test
  void manyCustomAttributesAreReadTheSameWay() {
    FBUser.Builder b = FBUser.builder("big");
    for (int i = 0; i < 20; i++) {
      b.custom("a" + i, "v" + i);
    }
    FBUser big = b.build();
    assertThat(Prop.of("a13").read(big)).isEqualTo("v13");
    assertThat(Prop.of("a20").read(big)).isEmpty();
  }

  @Test
  void rolloutDispatchReadsThePropertyAndANamelessUserDispatchesByTheEmptyString() {
    assertThat(rollout(null).dispatchValue(ADA)).isEqualTo("u-1");
    assertThat(rollout(Prop.of("keyId")).dispatchValue(ADA)).isEqualTo("u-1");
    assertThat(rollout(Prop.of("name")).dispatchValue(ADA)).isEqualTo("Ada");
    assertThat(rollout(Prop.of("name")).dispatchValue(NAMELESS)).isEmpty();
    assertThat(rollout(Prop.of("plan")).dispatchValue(ADA)).isEqualTo("beta");
    assertThat(rollout(Prop.of("tenant")).dispatchValue(ADA)).isEmpty();
  }

  private static Rollout rollout(Prop dispatch) {
    return new Rollout(new double[] {0, 1}, new Object[1], null, dispatch, false, "f", -1);
  }
}
