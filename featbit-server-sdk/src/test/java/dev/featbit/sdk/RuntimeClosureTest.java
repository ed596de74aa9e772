package dev.featbit.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.featbit.sdk.testing.JsonScenario;
import dev.featbit.testkit.FeatBitTestServer;
import dev.featbit.testkit.RecordedRequest;
import dev.featbit.testkit.TestFlag;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The SDK needs {@code jackson-core} and {@code slf4j-api} at run time and nothing else: the dependencies Maven
 * resolves for the module are exactly those two, and the JSON paths of the public API work in a class loader
 * that holds only the SDK's classes and those two jars.
 */
class RuntimeClosureTest {
  /** Written by the build (maven-dependency-plugin {@code list}, runtime scope, with file names). */
  static final Path LIST = Paths.get(System.getProperty("featbit.runtimeDependencies",
      "target/runtime-dependencies.txt"));

  FeatBitTestServer server;

  @BeforeEach
  void start() {
    server = FeatBitTestServer.start();
    server.load(
        TestFlag.of("json", "json", "{\"layout\":\"grid\",\"n\":[1,2.5,12345678901],"
            + "\"big\":123456789012345678901234567890,\"e\":1e400,\"dup\":1,\"o\":{},\"z\":null,\"t\":true,\"dup\":2}"),
        TestFlag.of("text", "json", "\"plain\""));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code groupId:artifactId:type:version:scope} of each resolved runtime dependency. */
  static List<String> runtimeDependencies() throws Exception {
    assertThat(LIST).as("%s (written by the Maven build before the tests)", LIST).exists();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(LIST, StandardCharsets.UTF_8)) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("The following files have been resolved") || l.equals("none")) {
        continue;
      }
      int module = l.indexOf(" -- ");
      String coordinates = module < 0 ? l : l.substring(0, module);
      String[] parts = coordinates.split(":", 6);
      assertThat(parts.length).as("dependency line %s", line).isGreaterThanOrEqualTo(5);
      out.add(String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]));
    }
    return out;
  }

  @Test
  void resolvedRuntimeDependenciesAreJacksonCoreAndSlf4jApiOnly() throws Exception {
    List<String> deps = runtimeDependencies();
    TreeSet<String> artifacts = deps.stream().map(d -> d.substring(0, d.indexOf(':', d.indexOf(':') + 1)))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(artifacts).as("runtime dependencies %s", deps)
        .containsExactly("com.fasterxml.jackson.core:jackson-core", "org.slf4j:slf4j-api");
    assertThat(deps).allSatisfy(d -> assertThat(d).contains(":jar:").endsWith(":compile"));
  }

  @Test
  void jsonPathsWorkWithOnlyJacksonCoreAndSlf4jApi() throws Exception {
    URL[] urls = {
        location(FBClient.class),          // the SDK's classes
        location(JsonScenario.class),      // the scenario (public API only)
        location(JsonFactory.class),       // jackson-core
        location(LoggerFactory.class),     // slf4j-api
    };
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    try (URLClassLoader sdkOnly = new URLClassLoader("sdk-only", urls, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, sdkOnly))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> scenario = Class.forName(JsonScenario.class.getName(), true, sdkOnly);
      assertThat(scenario.getClassLoader()).isSameAs(sdkOnly);
      assertThat(Class.forName(FBClient.class.getName(), false, sdkOnly).getClassLoader()).isSameAs(sdkOnly);
      t.setContextClassLoader(sdkOnly);
      String result;
      try {
        result = (String) scenario.getMethod("run", String.class, String.class, String.class)
            .invoke(null, server.secret(), server.streamingUrl(), server.httpUrl());
      } catch (InvocationTargetException e) {
        throw new AssertionError("the scenario failed without jackson-databind", e.getCause());
      }
      assertThat(result).isEqualTo(JsonScenario.EXPECTED);
    } finally {
      t.setContextClassLoader(before);
    }
    List<RecordedRequest> batches = server.insightRequests();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).json().size()).isEqualTo(4);
    assertThat(batches.get(0).body()).startsWith("[{\"user\":{\"keyId\":\"u-1\",\"name\":\"Ada\","
        + "\"customizedProperties\":[]},\"variations\":[{\"featureFlagKey\":\"json\",\"variation\":{\"id\":\"json-v0\",");
  }

  /** The same scenario with the test class path (Jackson data binding on it) gives the same results. */
  @Test
  void scenarioGivesTheSameResultsOnTheFullClassPath() {
    assertThat(JsonScenario.run(server.secret(), server.streamingUrl(), server.httpUrl()))
        .isEqualTo(JsonScenario.EXPECTED);
  }

  private static URL location(Class<?> c) throws Exception {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}
