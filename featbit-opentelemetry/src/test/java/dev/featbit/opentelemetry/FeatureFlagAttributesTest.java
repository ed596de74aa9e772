package dev.featbit.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featbit.sdk.EvalDetail.ErrorKind;
import dev.featbit.sdk.ReasonKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every SDK reason and error kind maps to a value the semantic conventions list. */
class FeatureFlagAttributesTest {
  /** The convention's well-known values (semantic conventions 1.44.0, feature-flag registry and event). */
  static final Set<String> REASONS = Set.of("static", "default", "targeting_match", "split", "cached", "disabled",
      "unknown", "stale", "error");
  static final Set<String> ERROR_TYPES = Set.of("flag_not_found", "invalid_context", "parse_error",
      "provider_fatal", "provider_not_ready", "targeting_key_missing", "type_mismatch", "general");

  @Test
  void reasons() {
    Map<ReasonKind, String> expected = new EnumMap<>(ReasonKind.class);
    expected.put(ReasonKind.OFF, "disabled");
    expected.put(ReasonKind.TARGET_MATCH, "targeting_match");
    expected.put(ReasonKind.RULE_MATCH, "targeting_match");
    expected.put(ReasonKind.FALLTHROUGH, "default");
    expected.put(ReasonKind.CLIENT_NOT_READY, "error");
    expected.put(ReasonKind.WRONG_TYPE, "error");
    expected.put(ReasonKind.ERROR, "error");
    for (ReasonKind r : ReasonKind.values()) {
      assertThat(FeatureFlagAttributes.reason(r)).as(r.name()).isEqualTo(expected.get(r)).isIn(REASONS);
      assertThat(FeatureFlagAttributes.reason(r).equals("error")).isEqualTo(!r.isServed());
    }
    assertThat(FeatureFlagAttributes.reason(null)).isEqualTo("unknown");
  }

  @Test
  void errorTypes() {
    Map<ErrorKind, String> expected = new EnumMap<>(ErrorKind.class);
    expected.put(ErrorKind.CLIENT_NOT_READY, "provider_not_ready");
    expected.put(ErrorKind.FLAG_NOT_FOUND, "flag_not_found");
    expected.put(ErrorKind.USER_NOT_SPECIFIED, "targeting_key_missing");
    expected.put(ErrorKind.MALFORMED_FLAG, "parse_error");
    expected.put(ErrorKind.WRONG_TYPE, "type_mismatch");
    expected.put(ErrorKind.REGEX_BUDGET_EXCEEDED, "general");
    expected.put(ErrorKind.EXCEPTION, "general");
    for (ErrorKind e : ErrorKind.values()) {
      if (e == ErrorKind.NONE) {
        assertThat(FeatureFlagAttributes.errorType(e)).isNull();
      } else {
        assertThat(FeatureFlagAttributes.errorType(e)).as(e.name()).isEqualTo(expected.get(e)).isIn(ERROR_TYPES);
      }
    }
    assertThat(FeatureFlagAttributes.errorType(null)).isNull();
  }

  @Test
  void attributeNamesAreTheConventionsCurrentOnes() {
    assertThat(FeatureFlagAttributes.KEY.getKey()).isEqualTo("feature_flag.key");
    assertThat(FeatureFlagAttributes.PROVIDER_NAME.getKey()).isEqualTo("feature_flag.provider.name");
    assertThat(FeatureFlagAttributes.RESULT_VARIANT.getKey()).isEqualTo("feature_flag.result.variant");
    assertThat(FeatureFlagAttributes.RESULT_REASON.getKey()).isEqualTo("feature_flag.result.reason");
    assertThat(FeatureFlagAttributes.CONTEXT_ID.getKey()).isEqualTo("feature_flag.context.id");
    assertThat(FeatureFlagAttributes.ERROR_MESSAGE.getKey()).isEqualTo("feature_flag.error.message");
    assertThat(FeatureFlagAttributes.ERROR_TYPE.getKey()).isEqualTo("error.type");
    assertThat(FeatureFlagAttributes.RESULT_VALUE).isEqualTo("feature_flag.result.value");
    assertThat(FeatureFlagAttributes.EVALUATION_EVENT).isEqualTo("feature_flag.evaluation");
  }
}
