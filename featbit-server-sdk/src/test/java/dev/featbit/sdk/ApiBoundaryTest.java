package dev.featbit.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.featbit.sdk.internal.Json;
import dev.featbit.sdk.internal.data.DataSource;
import dev.featbit.sdk.internal.eval.Defect;
import dev.featbit.sdk.internal.eval.Outcome;
import dev.featbit.sdk.internal.store.Snapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public API never shows an implementation type: no public or protected member of a public type in the API
 * packages has an {@code internal} type in its signature (field type, parameter, return, thrown or bound type,
 * type argument), and no such type extends or implements one. Implementation classes such as {@link FBClient}
 * use internal types privately.
 */
public class ApiBoundaryTest {
  static final String[] API_PACKAGES = {"dev.featbit.sdk", "dev.featbit.sdk.config", "dev.featbit.sdk.spi"};
  static final String INTERNAL = "dev.featbit.sdk.internal";

  /** The rule: public types of the API packages expose no internal type. */
  static final ArchRule API_EXPOSES_NO_INTERNAL_TYPE = classes()
      .that().resideInAnyPackage(API_PACKAGES).and(accessibleFromOtherPackages())
      .should(exposeNoInternalType())
      .because("the API packages are the only ones the module exports");

  @Test
  void apiPackagesExposeNoInternalType() {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(API_PACKAGES);
    assertThat(main.stream().map(JavaClass::getName)).contains(FBClient.class.getName(), FBUser.class.getName(),
        FBConfig.class.getName());
    API_EXPOSES_NO_INTERNAL_TYPE.check(main);
  }

  /**
   * One accessor style across the API: record-style names ({@code value()}, {@code eventStats()}), {@code isX()}
   * for booleans; no {@code getX()} accessor on an API type.
   */
  @Test
  void accessorsUseOneStyle() {
    JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(API_PACKAGES);
    List<String> getters = new java.util.ArrayList<>();
    for (JavaClass c : main) {
      if (!c.getPackageName().equals(INTERNAL) && !c.getPackageName().startsWith(INTERNAL + ".")
          && c.getModifiers().contains(JavaModifier.PUBLIC)) {
        c.getMethods().stream()
            .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC) && m.getRawParameterTypes().isEmpty())
            .filter(m -> m.getName().matches("get[A-Z].*"))
            .forEach(m -> getters.add(c.getSimpleName() + "." + m.getName()));
      }
    }
    assertThat(getters).isEmpty();
  }

  @Test
  void ruleFindsEveryKindOfExposure() {
    JavaClasses fixtures = new ClassFileImporter().importClasses(Leaky.class, LeakyGeneric.class,
        LeakySubtype.class, LeakyInterface.class, Clean.class, Hidden.class, Hidden.Nested.class);
    EvaluationResult result = API_EXPOSES_NO_INTERNAL_TYPE.evaluate(fixtures);
    Set<String> details = new TreeSet<>(result.getFailureReport().getDetails());
    String leaky = Leaky.class.getName();
    assertThat(String.join("\n", details)).contains(
        leaky + ".json (field) exposes " + Json.class.getName(),
        leaky + ".snapshots (field) exposes " + Snapshot.class.getName(),
        leaky + ".source() (return or parameter) exposes " + DataSource.class.getName(),
        leaky + ".take(" + Object.class.getName() + ", " + Snapshot.class.getName()
            + ") (return or parameter) exposes " + Snapshot.class.getName(),
        leaky + ".fail() (thrown) exposes " + Defect.class.getName(),
        leaky + ".bounded() (type parameter) exposes " + Outcome.class.getName(),
        leaky + ".byKey() (return or parameter) exposes " + Outcome.class.getName(),
        leaky + ".table (field) exposes " + Snapshot.class.getName(),
        leaky + ".<init>(" + Json.class.getName() + ") (return or parameter) exposes " + Json.class.getName(),
        LeakyGeneric.class.getName() + " (type parameter) exposes " + Snapshot.class.getName(),
        LeakySubtype.class.getName() + " (supertype) exposes " + Snapshot.class.getName(),
        LeakyInterface.class.getName() + " (supertype) exposes " + DataSource.class.getName());
    assertThat(details).noneMatch(d -> d.contains(Clean.class.getName()) || d.contains("Hidden"))
        .noneMatch(d -> d.contains(".hidden"));
    assertThat(details).hasSize(12);
  }

  static DescribedPredicate<JavaClass> accessibleFromOtherPackages() {
    return new DescribedPredicate<JavaClass>("are accessible from other packages") {
      @Override
      public boolean test(JavaClass c) {
        return accessible(c);
      }
    };
  }

  /** Public, or a public/protected member type of an accessible type (a protected one through subclassing). */
  static boolean accessible(JavaClass c) {
    Set<JavaModifier> m = c.getModifiers();
    if (c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    if (!c.getEnclosingClass().isPresent()) {
      return m.contains(JavaModifier.PUBLIC);
    }
    return (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
        && accessible(c.getEnclosingClass().get());
  }

  static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<JavaClass>("expose no type of " + INTERNAL + "..") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        c.getSuperclass().ifPresent(t -> report(c, c.getName(), "supertype", List.of(t), events));
        report(c, c.getName(), "supertype", c.getInterfaces(), events);
        report(c, c.getName(), "type parameter", c.getTypeParameters(), events);
        for (JavaField f : c.getFields()) {
          if (visible(f)) {
            report(c, c.getName() + "." + f.getName() + " (field)", null, List.of(f.getType()), events);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (visible(u)) { // a static initializer is never public
            String where = c.getName() + "." + u.getName() + "(" + String.join(", ",
                u.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new)) + ")";
            List<JavaType> signature = new java.util.ArrayList<>(u.getParameterTypes());
            signature.add(u.getReturnType());
            report(c, where + " (return or parameter)", null, signature, events);
            report(c, where + " (thrown)", null, u.getThrowsClause().getTypes(), events);
            report(c, where + " (type parameter)", null, u.getTypeParameters(), events);
          }
        }
      }
    };
  }

  private static boolean visible(JavaMember m) {
    return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
  }

  private static void report(JavaClass owner, String where, String kind, Collection<? extends JavaType> types,
      ConditionEvents events) {
    Set<String> internal = new TreeSet<>();
    for (JavaType t : types) {
      for (JavaClass raw : t.getAllInvolvedRawTypes()) {
        JavaClass base = raw.getBaseComponentType();
        if (base.getPackageName().equals(INTERNAL) || base.getPackageName().startsWith(INTERNAL + ".")) {
          internal.add(base.getName());
        }
      }
    }
    for (String name : internal) {
      String message = where + (kind == null ? "" : " (" + kind + ")") + " exposes " + name;
      events.add(SimpleConditionEvent.violated(owner, message));
    }
  }

  // ---- fixtures for ruleFindsEveryKindOfExposure (test classes: the real rule never sees them)

  /** Every member kind exposing an internal type. */
  public static class Leaky {
    public Json json;
    public List<Snapshot> snapshots;
    protected Map<String, Snapshot[]> table;
    private Json hiddenField;

    public Leaky(Json json) {
      this.json = json;
      this.hiddenField = json;
    }

    public DataSource source() {
      return null;
    }

    public <T> T take(T t, Snapshot s) {
      return t;
    }

    public void fail() throws Defect {}

    public <T extends Outcome> void bounded() {}

    public Map<String, ? extends Outcome> byKey() {
      return null;
    }

    Snapshot hiddenPackagePrivate() {
      return null;
    }

    private Json hiddenPrivate() {
      return hiddenField;
    }
  }

  /** A type parameter bound. */
  public static class LeakyGeneric<T extends Snapshot> {}

  /** An internal type argument of the superclass. */
  public abstract static class LeakySubtype extends java.util.AbstractList<Snapshot> {}

  /** An internal super-interface. */
  public interface LeakyInterface extends DataSource {}

  /** Internal types used privately only. */
  public static final class Clean {
    private final Json json = null;

    public String name() {
      return String.valueOf(json) + helper();
    }

    private Snapshot helper() {
      return null;
    }
  }

  /** Not accessible from other packages: not API even with public members. */
  static final class Hidden {
    public Json json;

    /** Public, but inside a package-private type. */
    public static final class Nested {
      public Snapshot snapshot;
    }
  }
}
