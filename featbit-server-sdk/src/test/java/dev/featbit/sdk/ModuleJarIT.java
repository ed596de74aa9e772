package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featbit.sdk.testing.TestData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (run after {@code package}): a multi-release jar whose root is plain Java 11 classes and whose
 * {@code META-INF/versions/11/module-info.class} makes it the module {@code dev.featbit.sdk}, exporting only the
 * API packages. The jar's path comes from the system property {@code featbit.sdk.jar}.
 */
class ModuleJarIT {
  private static final String MODULE = "dev.featbit.sdk";
  private static final int JAVA_11 = 55; // class file major version

  private static Path jar;

  @BeforeAll
  static void locateJar() {
    String p = System.getProperty("featbit.sdk.jar");
    assertThat(p).as("system property featbit.sdk.jar").isNotBlank();
    jar = Paths.get(p);
    assertThat(jar).isRegularFile();
  }

  @Test
  void isAMultiReleaseJarWithTheDescriptorOnlyInVersion11() throws IOException {
    try (JarFile jf = new JarFile(jar.toFile())) {
      assertThat(jf.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      assertThat(jf.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isNull();
      assertThat(jf.getEntry("module-info.class")).as("root module descriptor").isNull();
      List<String> versioned = new ArrayList<>();
      List<String> newerThan11 = new ArrayList<>();
      for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
        JarEntry e = en.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".class")) {
          continue;
        }
        if (e.getName().startsWith("META-INF/versions/")) {
          versioned.add(e.getName());
        } else if (majorVersion(jf, e) > JAVA_11) {
          newerThan11.add(e.getName());
        }
      }
      assertThat(versioned).containsExactly("META-INF/versions/11/module-info.class");
      assertThat(newerThan11).as("root classes newer than Java 11").isEmpty();
      assertThat(majorVersion(jf, jf.getJarEntry("META-INF/versions/11/module-info.class"))).isEqualTo(JAVA_11);
    }
  }

  @Test
  void descriptorExportsExactlyTheApiPackagesAndRequiresExactlyTheRuntimeDependencies() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.isAutomatic()).isFalse();
    assertThat(d.isOpen()).isFalse();
    assertThat(d.exports()).allSatisfy(e -> {
      assertThat(e.isQualified()).as("qualified export of " + e.source()).isFalse();
      assertThat(e.modifiers()).isEmpty();
    });
    assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder("dev.featbit.sdk", "dev.featbit.sdk.config", "dev.featbit.sdk.spi");
    assertThat(d.opens()).isEmpty();

    Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = new LinkedHashMap<>();
    d.requires().forEach(r -> requires.put(r.name(), r.modifiers()));
    assertThat(requires).containsOnly(
        Map.entry("java.base", Set.of(ModuleDescriptor.Requires.Modifier.MANDATED)),
        Map.entry("java.net.http", Set.of()),
        Map.entry("com.fasterxml.jackson.core", Set.of()),
        Map.entry("org.slf4j", Set.of()));
  }

  @Test
  void descriptorListsEveryPackageOfTheJar() throws IOException {
    Set<String> inJar = new TreeSet<>();
    try (JarFile jf = new JarFile(jar.toFile())) {
      jf.stream().map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && n.startsWith("dev/"))
          .forEach(n -> inJar.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
    }
    assertThat(new TreeSet<>(descriptor().packages())).isEqualTo(inJar);
    assertThat(inJar).contains("dev.featbit.sdk.internal", "dev.featbit.sdk.internal.eval");
  }

  /**
   * On the module path, next to jackson-core and slf4j-api only (plus the modules it requires statically, while
   * it has any), the module resolves, an application evaluates a flag through the exported API, and the
   * internal packages stay closed to it.
   */
  @Test
  void worksOnTheModulePathAndKeepsItsInternalsClosed() throws Exception {
    ModuleDescriptor d = descriptor();
    Set<String> roots = new TreeSet<>();
    roots.add(MODULE);
    d.requires().stream().filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .forEach(r -> roots.add(r.name()));
    List<Path> modulePath = new ArrayList<>();
    modulePath.add(jar);
    for (String cls : new String[] {"com.fasterxml.jackson.core.JsonFactory", "org.slf4j.Logger"}) {
      Path p = jarOf(cls);
      if (p != null) {
        modulePath.add(p);
      }
    }
    ModuleFinder finder = ModuleFinder.of(modulePath.toArray(new Path[0]));
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), roots);
    assertThat(cf.modules().stream().map(m -> m.name()).collect(Collectors.toSet()))
        .contains(MODULE, "com.fasterxml.jackson.core", "org.slf4j");
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    ClassLoader loader = layer.findLoader(MODULE);

    Class<?> userClass = loader.loadClass("dev.featbit.sdk.FBUser");
    assertThat(userClass.getModule().getName()).isEqualTo(MODULE);
    assertThat(userClass).isNotSameAs(FBUser.class);
    Object builder = userClass.getMethod("builder", String.class).invoke(null, "u-1");
    Object user = builder.getClass().getMethod("build").invoke(builder);
    assertThat(userClass.getMethod("key").invoke(user)).isEqualTo("u-1");

    Class<?> configClass = loader.loadClass("dev.featbit.sdk.FBConfig");
    Object cb = configClass.getMethod("builder", String.class).invoke(null, (Object) null);
    cb = cb.getClass().getMethod("offline", boolean.class).invoke(cb, true);
    cb = cb.getClass().getMethod("bootstrap", String.class)
        .invoke(cb, TestData.full(TestData.boolFlag("on")));
    Object config = cb.getClass().getMethod("build").invoke(cb);
    Class<?> clientClass = loader.loadClass("dev.featbit.sdk.FBClient");
    try (AutoCloseable client = (AutoCloseable) clientClass.getConstructor(configClass).newInstance(config)) {
      Method bool = clientClass.getMethod("boolVariation", String.class, userClass, boolean.class);
      assertThat(bool.invoke(client, "on", user, false)).isEqualTo(true);
    }

    Class<?> internal = loader.loadClass("dev.featbit.sdk.internal.Json");
    assertThat(internal.getModule().isExported("dev.featbit.sdk.internal")).isFalse();
    assertThat(internal.getModule().isOpen("dev.featbit.sdk.internal")).isFalse();
    Method quote = internal.getMethod("quote", String.class);
    assertThatThrownBy(() -> quote.invoke(null, "x")).isInstanceOf(IllegalAccessException.class);
  }

  private static ModuleDescriptor descriptor() {
    ModuleReference ref = ModuleFinder.of(jar).find(MODULE).orElseThrow(
        () -> new AssertionError("no module " + MODULE + " in " + jar));
    return ref.descriptor();
  }

  private static int majorVersion(ZipFile zf, JarEntry e) throws IOException {
    try (InputStream in = zf.getInputStream(e); DataInputStream data = new DataInputStream(in)) {
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort();
      return data.readUnsignedShort();
    }
  }

  /** The jar that holds {@code className} on the test class path, or {@code null} if it is not there. */
  private static Path jarOf(String className) throws URISyntaxException {
    Class<?> c;
    try {
      c = Class.forName(className, false, ModuleJarIT.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
    Path p = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isRegularFile(p) ? p : null;
  }
}
