package dev.featbit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.FBUser;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link FBUserFilter} in a real Tomcat: the user from principal, header, cookie and request attributes, built once
 * per request (async dispatch included), visible through the request attribute and the static accessor, and never
 * seen by another request: concurrent requests of many users on a pool of 4 threads, sync and async.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FBUserFilterTest {
  /** Requests resolved, by the value of their X-Request-Id header. */
  final Map<String, AtomicInteger> resolutions = new ConcurrentHashMap<>();
  EmbeddedTomcat tomcat;

  static String key(FBUser user) {
    return user == null ? "none" : user.key();
  }

  /** Answers with the user as seen by the filter's static accessor and by the request attribute. */
  static final class WhoServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      FBUser attribute = FBUserFilter.currentUser(req);
      resp.getWriter().write("thread=" + key(FBUserFilter.currentUser()) + ";attribute=" + key(attribute)
          + ";country=" + (attribute == null ? "none" : attribute.custom("country")) + ";dispatch="
          + req.getDispatcherType());
    }
  }

  /** Answers from a container thread of {@code AsyncContext.start}, which runs outside the filter's chain. */
  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      async.start(() -> {
        try {
          async.getResponse().getWriter().write("thread=" + key(FBUserFilter.currentUser()) + ";attribute="
              + key(FBUserFilter.currentUser(req)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    }
  }

  /** Goes async, then dispatches the request to {@code /who} (an ASYNC dispatch through the filter again). */
  static final class DispatchServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      async.start(() -> async.dispatch("/who"));
    }
  }

  @BeforeAll
  void start() throws Exception {
    UserResolver users = DefaultUserResolver.builder()
        .keyFrom(UserKeySource.principal(), UserKeySource.header("X-User-Id"), UserKeySource.cookie("uid"))
        .attribute("country", request -> request.getHeader("X-Country"))
        .build();
    UserResolver counting = request -> {
      String id = request.getHeader("X-Request-Id");
      if (id != null) {
        resolutions.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
      return users.resolve(request);
    };
    tomcat = EmbeddedTomcat.start(Map.of(), (classes, context) -> setUp(context, new FBUserFilter(counting)));
  }

  static void setUp(ServletContext context, Filter featbit) {
    // a stand-in for a login: X-Test-Principal becomes the request's principal
    FilterRegistration.Dynamic login = context.addFilter("login", (Filter) (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String name = http.getHeader("X-Test-Principal");
      chain.doFilter(name == null ? request : new HttpServletRequestWrapper(http) {
        @Override
        public Principal getUserPrincipal() {
          return () -> name;
        }
      }, response);
    });
    login.setAsyncSupported(true);
    login.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    FilterRegistration.Dynamic users = context.addFilter("featbit", featbit);
    users.setAsyncSupported(true);
    users.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
    ServletRegistration.Dynamic who = context.addServlet("who", new WhoServlet());
    who.setAsyncSupported(true);
    who.addMapping("/who");
    ServletRegistration.Dynamic async = context.addServlet("async", new AsyncServlet());
    async.setAsyncSupported(true);
    async.addMapping("/async");
    ServletRegistration.Dynamic dispatch = context.addServlet("dispatch", new DispatchServlet());
    dispatch.setAsyncSupported(true);
    dispatch.addMapping("/dispatch");
  }

  @AfterAll
  void stop() throws Exception {
    tomcat.close();
  }

  String body(String path, String... headers) throws Exception {
    HttpResponse<String> response = tomcat.get(path, headers);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void theUserComesFromThePrincipalThenTheHeaderThenTheCookie() throws Exception {
    assertThat(body("/who", "X-User-Id", "bob")).startsWith("thread=bob;attribute=bob;");
    assertThat(body("/who", "Cookie", "uid=zed")).startsWith("thread=zed;attribute=zed;");
    assertThat(body("/who", "X-User-Id", "bob", "Cookie", "uid=zed")).startsWith("thread=bob;");
    assertThat(body("/who", "X-User-Id", "bob", "X-Test-Principal", "carol"))
        .as("a logged-in user cannot pose as another through the header").startsWith("thread=carol;attribute=carol;");
    assertThat(body("/who")).startsWith("thread=none;attribute=none;");
  }

  @Test
  void attributesComeFromTheRequest() throws Exception {
    assertThat(body("/who", "X-User-Id", "bob", "X-Country", "NZ")).contains(";country=NZ;");
    assertThat(body("/who", "X-User-Id", "bob")).contains(";country=null;");
  }

  @Test
  void anAsyncDispatchReusesTheUserBuiltOnce() throws Exception {
    assertThat(body("/dispatch", "X-User-Id", "dana", "X-Request-Id", "dispatch-1"))
        .isEqualTo("thread=dana;attribute=dana;country=null;dispatch=ASYNC");
    assertThat(resolutions.get("dispatch-1")).hasValue(1);
  }

  @Test
  void anAsyncThreadSeesTheRequestAttributeAndNoOtherRequestsUser() throws Exception {
    assertThat(body("/async", "X-User-Id", "erin")).isEqualTo("thread=none;attribute=erin");
  }

  /**
   * 600 requests of 60 users and anonymous ones, sync, async and dispatched, 48 at a time on Tomcat's 4 request
   * threads: each answer carries its own request's user, and code on a pooled thread outside the filter never
   * sees one (a thread-local left behind would show there).
   */
  @Test
  void concurrentRequestsOfDifferentUsersNeverSeeEachOthersUser() throws Exception {
    String[] paths = {"/who", "/async", "/dispatch"};
    List<CompletableFuture<Void>> all = new ArrayList<>();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(48);
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 600; i++) {
      String path = paths[i % 3];
      String user = i % 4 == 0 ? null : "user-" + (i % 60);
      HttpRequest request = user == null ? tomcat.request(path, "X-Request-Id", "c" + i)
          : tomcat.request(path, "X-User-Id", user, "X-Request-Id", "c" + i);
      String expected = user == null ? "none" : user;
      String expectedBody = path.equals("/async") ? "thread=none;attribute=" + expected
          : "thread=" + expected + ";attribute=" + expected + ";country=" + (user == null ? "none" : "null")
              + ";dispatch="
              + (path.equals("/who") ? "REQUEST" : "ASYNC");
      inFlight.acquire();
      all.add(EmbeddedTomcat.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenAccept(r -> {
            if (r.statusCode() != 200 || !r.body().equals(expectedBody)) {
              failures.add(path + " " + expected + ": " + r.statusCode() + " " + r.body());
            }
          })
          .whenComplete((r, e) -> {
            if (e != null) {
              failures.add(path + " " + expected + ": " + e);
            }
            inFlight.release();
          }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
    assertThat(failures).isEmpty();
    for (int i = 0; i < 600; i++) {
      assertThat(resolutions.get("c" + i)).as("request c%d resolved once", i).hasValue(1);
    }
  }
}
