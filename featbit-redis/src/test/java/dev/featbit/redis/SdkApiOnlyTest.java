package dev.featbit.redis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * This module uses the SDK only through the packages the SDK's module exports ({@code dev.featbit.sdk},
 * {@code dev.featbit.sdk.config}, {@code dev.featbit.sdk.spi}), never {@code dev.featbit.sdk.internal}.
 */
class SdkApiOnlyTest {
  static final ArchRule USES_ONLY_THE_SDK_API = noClasses()
      .should().dependOnClassesThat(resideInAPackage("dev.featbit.sdk..")
          .and(not(resideInAnyPackage("dev.featbit.sdk", "dev.featbit.sdk.config", "dev.featbit.sdk.spi"))))
      .because("only the API packages of the SDK are exported");

  @Test
  void mainClassesUseOnlyTheExportedSdkPackages() {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.featbit.redis");
    assertThat(main.stream().map(JavaClass::getName)).contains(RedisDataStore.class.getName(),
        RedisDataStoreBuilder.class.getName());
    USES_ONLY_THE_SDK_API.check(main);
  }
}
