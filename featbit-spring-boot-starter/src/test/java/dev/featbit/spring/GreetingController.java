package dev.featbit.spring;

import dev.openfeature.sdk.ImmutableContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The README's OpenFeature snippet, compiled and exercised by {@link OpenFeatureTest}. */
@RestController
class GreetingController {
  private final dev.openfeature.sdk.Client flags;

  GreetingController(dev.openfeature.sdk.Client flags) {
    this.flags = flags;
  }

  @GetMapping("/greeting")
  String greeting(@RequestHeader("X-User-Id") String userId) {
    return flags.getBooleanValue("new-greeting", false, new ImmutableContext(userId)) ? "Hello!" : "Hi";
  }
}
