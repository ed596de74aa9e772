package dev.featbit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.featbit.sdk.FBClient;
import dev.featbit.sdk.FBUser;
import dev.featbit.spring.web.DefaultFBUserResolver;
import dev.featbit.spring.web.FBUserArgumentResolver;
import dev.featbit.spring.web.FBUserResolver;
import dev.featbit.spring.web.PrincipalNameResolver;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/** {@code FBUser} controller parameters: header, principal (Spring Security or servlet), anonymous key, none. */
class WebTest {
  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
          HttpMessageConvertersAutoConfiguration.class))
      .withConfiguration(TestSupport.all())
      .withUserConfiguration(UserController.class)
      .withPropertyValues(TestSupport.offline());

  @AfterEach
  void clearSecurity() {
    SecurityContextHolder.clearContext();
  }

  /** Answers with the key of the injected user, or "none". */
  @RestController
  static class UserController {
    private final FBClient client;

    UserController(FBClient client) {
      this.client = client;
    }

    @GetMapping("/who")
    String who(FBUser user) {
      return user == null ? "none" : user.key();
    }

    @GetMapping("/plan")
    String plan(FBUser user) {
      return user == null ? "none" : user.custom("plan");
    }

    @GetMapping("/flag")
    String flag(FBUser user) {
      return String.valueOf(client.boolVariation("flag", user, false));
    }
  }

  static MockMvc mvc(WebApplicationContext context) {
    return MockMvcBuilders.webAppContextSetup(context).build();
  }

  @Test
  void headerGivesTheUser() {
    runner.run(context -> {
      MockMvc mvc = mvc(context);
      mvc.perform(get("/who").header("X-User-Id", " user-42 ")).andExpect(status().isOk())
          .andExpect(content().string("user-42"));
      mvc.perform(get("/flag").header("X-User-Id", "user-42")).andExpect(content().string("true"));
    });
  }

  @Test
  void withoutHeaderOrPrincipalTheUserIsNullAndFlagsFallBack() {
    runner.run(context -> {
      MockMvc mvc = mvc(context);
      mvc.perform(get("/who")).andExpect(content().string("none"));
      mvc.perform(get("/who").header("X-User-Id", "   ")).andExpect(content().string("none"));
      mvc.perform(get("/flag")).andExpect(content().string("false"));
    });
  }

  @Test
  void anonymousKeyAndCustomHeader() {
    runner.withPropertyValues("featbit.web.anonymous-key=guest", "featbit.web.user-header=X-Customer")
        .run(context -> {
          MockMvc mvc = mvc(context);
          mvc.perform(get("/who")).andExpect(content().string("guest"));
          mvc.perform(get("/who").header("X-User-Id", "ignored")).andExpect(content().string("guest"));
          mvc.perform(get("/who").header("X-Customer", "c-7")).andExpect(content().string("c-7"));
        });
  }

  @Test
  void springSecurityPrincipalWinsOverTheHeader() {
    runner.run(context -> {
      MockMvc mvc = mvc(context);
      SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
          "alice", "n/a", AuthorityUtils.createAuthorityList("ROLE_USER")));
      mvc.perform(get("/who").header("X-User-Id", "mallory")).andExpect(content().string("alice"));
      SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
          AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
      mvc.perform(get("/who").header("X-User-Id", "bob")).andExpect(content().string("bob"));
      SecurityContextHolder.getContext().setAuthentication(
          UsernamePasswordAuthenticationToken.unauthenticated("eve", "pw"));
      mvc.perform(get("/who")).andExpect(content().string("none"));
    });
  }

  @Test
  void withoutSpringSecurityTheServletPrincipalIsUsed() {
    runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run(context -> {
      MockMvc mvc = mvc(context);
      mvc.perform(get("/who").principal(() -> "carol").header("X-User-Id", "x")).andExpect(content().string("carol"));
      mvc.perform(get("/who").header("X-User-Id", "x")).andExpect(content().string("x"));
    });
  }

  @Test
  void applicationResolverIsUsedForParameters() {
    runner.withUserConfiguration(PlanResolver.class).run(context -> {
      MockMvc mvc = mvc(context);
      mvc.perform(get("/who").header("X-User-Id", "dan")).andExpect(content().string("dan"));
      mvc.perform(get("/who")).andExpect(content().string("none"));
      // the application's resolver, not the default one, built these users: they carry its plan attribute
      mvc.perform(get("/plan").header("X-User-Id", "dan")).andExpect(content().string("free"));
      mvc.perform(get("/plan").header("X-User-Id", "dan").header("X-Plan", "team"))
          .andExpect(content().string("team"));
    });
  }

  @Test
  void resolvedOncePerRequest() {
    AtomicInteger calls = new AtomicInteger();
    FBUserResolver counting = request -> {
      calls.incrementAndGet();
      return FBUser.builder("k").build();
    };
    MockHttpServletRequest request = new MockHttpServletRequest();
    FBUser first = FBUserArgumentResolver.currentUser(request, counting);
    assertThat(FBUserArgumentResolver.currentUser(request, counting)).isSameAs(first);
    assertThat(calls).hasValue(1);
    FBUserResolver none = request2 -> {
      calls.incrementAndGet();
      return null;
    };
    MockHttpServletRequest other = new MockHttpServletRequest();
    assertThat(FBUserArgumentResolver.currentUser(other, none)).isNull();
    assertThat(FBUserArgumentResolver.currentUser(other, none)).isNull();
    assertThat(calls).hasValue(2);
  }

  @Test
  void defaultResolverOrder() {
    PrincipalNameResolver noPrincipal = r -> null;
    MockHttpServletRequest request = new MockHttpServletRequest();
    assertThat(new DefaultFBUserResolver("X-User-Id", null, noPrincipal).resolve(request)).isNull();
    assertThat(new DefaultFBUserResolver("X-User-Id", "anon", noPrincipal).resolve(request).key()).isEqualTo("anon");
    assertThat(new DefaultFBUserResolver(null, " ", noPrincipal).resolve(request)).isNull();
    request.addHeader("X-User-Id", "h");
    assertThat(new DefaultFBUserResolver("X-User-Id", "anon", noPrincipal).resolve(request).key()).isEqualTo("h");
    assertThat(new DefaultFBUserResolver("X-User-Id", "anon", r -> "p").resolve(request).key()).isEqualTo("p");
    assertThat(new DefaultFBUserResolver("X-User-Id", "anon", r -> " ").resolve(request).key()).isEqualTo("h");
    request.setUserPrincipal(() -> "servlet");
    assertThat(PrincipalNameResolver.servletPrincipal().principalName(request)).isEqualTo("servlet");
    assertThat(List.of(new DefaultFBUserResolver("X-User-Id", null, PrincipalNameResolver.servletPrincipal())
        .resolve(request).key())).containsExactly("servlet");
  }

  // README: a custom resolver adding attributes
  @Configuration(proxyBeanMethods = false)
  static class PlanResolver {
    @Bean
    FBUserResolver fbUserResolver() {
      return request -> {
        String id = request.getHeader("X-User-Id");
        if (id == null || id.isBlank()) {
          return null;                                   // no user: flags return their fallback values
        }
        return FBUser.builder(id)
            .custom("plan", request.getHeader("X-Plan") != null ? request.getHeader("X-Plan") : "free")
            .build();
      };
    }
  }
}
