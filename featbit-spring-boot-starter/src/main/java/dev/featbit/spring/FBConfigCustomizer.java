package dev.featbit.spring;

import dev.featbit.sdk.FBConfig;

/**
 * Adjusts the {@link FBConfig.Builder} that the starter fills from the {@code featbit.*} properties, before it
 * is built and validated. Declare beans of this type (ordered with {@code @Order} if several); they are ignored
 * when the application defines its own {@link FBConfig} or {@code FBClient} bean.
 */
@FunctionalInterface
public interface FBConfigCustomizer {
  /**
   * Called once, at startup, with the builder holding the property values.
   *
   * @param builder the builder to change; the starter builds it after the last customizer
   */
  void customize(FBConfig.Builder builder);
}
