package dev.featbit.servlet;

import dev.featbit.testsupport.SdkApiOnly;
import org.junit.jupiter.api.Test;

/**
 * This module uses the SDK only through the packages the SDK's module descriptor exports, never
 * {@code dev.featbit.sdk.internal}.
 */
class SdkApiOnlyTest {
  @Test
  void mainClassesUseOnlyTheExportedSdkPackages() {
    SdkApiOnly.check("dev.featbit.servlet", FBUserFilter.class);
  }
}
