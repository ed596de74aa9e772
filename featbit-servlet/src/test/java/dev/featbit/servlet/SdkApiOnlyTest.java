package dev.featbit.servlet;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** This module uses the SDK only through its exported packages, never {@code dev.featbit.sdk.internal}. */
class SdkApiOnlyTest {
  @Test
  void mainClassesUseOnlyTheExportedSdkPackages() {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.featbit.servlet");
    assertThat(main.stream().map(JavaClass::getName)).contains(FBUserFilter.class.getName());
    noClasses().should().dependOnClassesThat(resideInAPackage("dev.featbit.sdk..")
            .and(not(resideInAnyPackage("dev.featbit.sdk", "dev.featbit.sdk.config", "dev.featbit.sdk.spi"))))
        .because("only the API packages of the SDK are exported").check(main);
  }
}
