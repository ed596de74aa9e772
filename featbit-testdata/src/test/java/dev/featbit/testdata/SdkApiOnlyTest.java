package dev.featbit.testdata;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.testsupport.SdkApiOnly;
import org.junit.jupiter.api.Test;

/**
 * This module uses the SDK only through the packages the SDK's module descriptor exports, never
 * {@code dev.featbit.sdk.internal}.
 */
class SdkApiOnlyTest {
  @Test
  void mainClassesUseOnlyTheExportedSdkPackages() {
    SdkApiOnly.check("dev.featbit.testdata", TestData.class);
  }

  @Test
  void theCheckFailsOnClassesThatUseInternalPackages() {
    // the SDK's own store classes use its internal evaluator: exactly what the check must refuse
    assertThatThrownBy(() -> SdkApiOnly.check("dev.featbit.sdk.internal.store"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.featbit.sdk.internal.eval");
  }
}
