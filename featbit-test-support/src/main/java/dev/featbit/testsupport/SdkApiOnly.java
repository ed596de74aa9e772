package dev.featbit.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Checks that a module's main classes use the SDK only through the packages the SDK's module descriptor
 * exports, as a user's code must: never {@code dev.featbit.sdk.internal}. The exported packages are read from
 * the SDK's own {@code module-info.class}, so the check follows the descriptor.
 */
public final class SdkApiOnly {
  private static final String SDK_CLASS = "dev.featbit.sdk.FBClient";
  private static final String DESCRIPTOR = "META-INF/versions/11/module-info.class";

  private SdkApiOnly() {}

  /**
   * Imports the main classes (not tests) of {@code rootPackage} and its sub-packages, checks that there are
   * some and that they include {@code expected} (so that the import found the module's classes), and fails if any of them depends on a
   * package of the SDK that its module does not export.
   *
   * @param rootPackage the module's package, for example {@code dev.featbit.redis}
   * @param expected main classes of the module that must be among those imported
   */
  public static void check(String rootPackage, Class<?>... expected) {
    String[] exported = exportedPackages();
    assertThat(exported).as("packages the SDK exports").contains("dev.featbit.sdk");
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(rootPackage);
    assertThat(main.stream().map(JavaClass::getName)).as("main classes of " + rootPackage).isNotEmpty();
    if (expected.length > 0) {
      assertThat(main.stream().map(JavaClass::getName))
          .contains(Arrays.stream(expected).map(Class::getName).toArray(String[]::new));
    }
    noClasses()
        .should().dependOnClassesThat(resideInAPackage("dev.featbit.sdk..").and(not(resideInAnyPackage(exported))))
        .because("only the packages " + String.join(", ", exported) + " of the SDK are exported")
        .check(main);
  }

  /** The packages the SDK's module descriptor exports, sorted. */
  static String[] exportedPackages() {
    ModuleDescriptor d = readDescriptor();
    TreeSet<String> out = new TreeSet<>();
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (!e.isQualified()) {
        out.add(e.source());
      }
    }
    return out.toArray(new String[0]);
  }

  private static ModuleDescriptor readDescriptor() {
    try {
      Class<?> sdk = Class.forName(SDK_CLASS, false, SdkApiOnly.class.getClassLoader());
      Path where = Path.of(sdk.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(where)) {
        try (InputStream in = Files.newInputStream(where.resolve(DESCRIPTOR))) {
          return ModuleDescriptor.read(in);
        }
      }
      try (JarFile jar = new JarFile(where.toFile())) {
        ZipEntry entry = jar.getEntry(DESCRIPTOR);
        if (entry == null) {
          throw new AssertionError("no " + DESCRIPTOR + " in " + where);
        }
        try (InputStream in = jar.getInputStream(entry)) {
          return ModuleDescriptor.read(in);
        }
      }
    } catch (ClassNotFoundException e) {
      throw new AssertionError("the SDK (" + SDK_CLASS + ") is not on the test class path", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
