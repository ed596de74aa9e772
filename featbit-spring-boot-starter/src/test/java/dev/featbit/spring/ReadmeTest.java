package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.config.DataSyncConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's code is real: Java snippets exist in compiled sources and compile as pasted, the YAML block gives
 * the defaults.
 */
class ReadmeTest {
  static final Path README = Path.of("README.md");

  static List<String> blocks(String readme, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String normalized(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }

  static String sources(Path... roots) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
        }
      }
    }
    return normalized(all.toString());
  }

  @Test
  void javaSnippetsAreCompiledCode() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String code = sources(Path.of("src"), Path.of("../examples/spring-boot-app/src"));
    List<String> snippets = blocks(readme, "java");
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
    for (String snippet : snippets) {   // the imports a block shows: see eachJavaBlockCompilesWithTheImportsItShows
      assertThat(code).as("README snippet:%n%s", snippet).contains(normalized(ReadmeCompilation.body(snippet)));
    }
  }

  /** The root README's Spring MVC and WebFlux lines are code of the example applications. */
  @Test
  void rootReadmeWebSnippetsAreCompiledCode() throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String code = sources(Path.of("src"), Path.of("../examples/spring-boot-app/src"),
        Path.of("../examples/spring-webflux-app/src"));
    for (String tag : List.of("spring-mvc", "webflux")) {
      List<String> snippets = blocks(readme, "java " + tag);
      assertThat(snippets).as(tag).isNotEmpty();
      for (String snippet : snippets) {
        assertThat(code).as("root README %s snippet:%n%s", tag, snippet).contains(normalized(snippet));
      }
    }
  }

  /**
   * A reader who pastes a block needs only the imports it shows. The pricing method is the example's
   * {@code ShopController}'s, next to the controller's {@code FBClient featbit} and {@code price(plan)}, as the
   * README says.
   */
  @Test
  void eachJavaBlockCompilesWithTheImportsItShows(@TempDir Path dir) throws Exception {
    int compiled = ReadmeCompilation.assertEachBlockCompiles(README, Map.of(
        "featbit.", "private dev.featbit.sdk.FBClient featbit;",
        "price(plan)", "static double price(String plan) { return 0; }"), dir);
    assertThat(compiled).isEqualTo(blocks(Files.readString(README, StandardCharsets.UTF_8), "java").size())
        .isGreaterThanOrEqualTo(7);
  }

  @Test
  void yamlWithEveryPropertyBindsToTheDefaults() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String yaml = blocks(readme, "yaml").stream().filter(b -> b.contains("regex-step-budget")).findFirst().orElseThrow();
    for (String property : MetadataTest.PROPERTIES) {
      String leaf = property.substring(property.lastIndexOf('.') + 1);
      assertThat(yaml).as(property).containsPattern("(?m)^\\s*" + Pattern.quote(leaf) + ":");
    }
    List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("readme",
        new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    StandardEnvironment env = new StandardEnvironment();
    sources.forEach(env.getPropertySources()::addFirst);
    FeatBitProperties bound = new Binder(ConfigurationPropertySources.get(env))
        .bind(FeatBitProperties.PREFIX, FeatBitProperties.class).get();
    FeatBitProperties defaults = new FeatBitProperties();
    assertThat(bound).usingRecursiveComparison().ignoringFields("envSecret", "streamingUrl", "eventsUrl",
        "pollingUrl", "bootstrap", "bootstrapFile", "http.proxy.host", "http.proxy.username", "http.proxy.password",
        "web.anonymousKey", "openfeature.domain").isEqualTo(defaults);
    assertThat(blank(bound.getEnvSecret())).isTrue();
    assertThat(blank(bound.getWeb().getAnonymousKey())).isTrue();
    assertThat(blank(bound.getHttp().getProxy().getHost())).isTrue();
    assertThat(blank(bound.getHttp().getProxy().getPassword())).isTrue();
    assertThat(bound.getDataSync().getMode()).isEqualTo(FeatBitProperties.DataSync.Mode.STREAMING);
    assertThat(bound.getDataSync().getPingInterval()).isEqualTo(DataSyncConfig.DEFAULT_PING_INTERVAL);
    assertThat(bound.getRegexStepBudget()).isEqualTo(1_000_000L);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
