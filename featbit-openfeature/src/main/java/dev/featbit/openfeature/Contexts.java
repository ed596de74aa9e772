package dev.featbit.openfeature;

import dev.featbit.sdk.FBUser;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Value;
import java.util.Set;
import java.util.TreeSet;

/**
 * OpenFeature {@link EvaluationContext} to FeatBit {@link FBUser}:
 *
 * <ul>
 *   <li>the targeting key is the user key; missing or blank: {@link ErrorCode#TARGETING_KEY_MISSING};</li>
 *   <li>the {@code name} attribute is the user's name (it must be text);</li>
 *   <li>every other attribute is a custom property: text as is, numbers as FeatBit stores them (plain
 *       decimal), booleans as {@code true}/{@code false}, instants as ISO-8601 text
 *       ({@code 2025-03-01T08:00:00Z}); a null value is left out;</li>
 *   <li>a structure or a list (FeatBit has no nested attributes): {@link ErrorCode#INVALID_CONTEXT}.</li>
 * </ul>
 *
 * <p>Error messages name the attribute, never its value (attribute values can be personal data).
 */
final class Contexts {
  /** The context attribute that becomes the FeatBit user's name. */
  static final String NAME = "name";

  private Contexts() {}

  /** The outcome of a conversion: a user, or an error code with a message. */
  static final class Conversion {
    final FBUser user;
    final ErrorCode errorCode;
    final String message;

    private Conversion(FBUser user, ErrorCode errorCode, String message) {
      this.user = user;
      this.errorCode = errorCode;
      this.message = message;
    }

    boolean ok() {
      return user != null;
    }
  }

  private static Conversion error(ErrorCode code, String message) {
    return new Conversion(null, code, message);
  }

  static Conversion toUser(EvaluationContext ctx) {
    if (ctx == null) {
      return error(ErrorCode.TARGETING_KEY_MISSING, "no evaluation context: FeatBit needs a targeting key (the user key)");
    }
    String key = ctx.getTargetingKey();
    if (isBlank(key)) {
      return error(ErrorCode.TARGETING_KEY_MISSING,
          "the evaluation context has no targeting key: FeatBit needs one (the user key)");
    }
    FBUser.Builder b = FBUser.builder(key);
    // sorted: the same context always gives the same user, whatever the context's set order
    Set<String> names = new TreeSet<>();
    for (String n : ctx.keySet()) {
      if (n != null) {
        names.add(n);
      }
    }
    for (String attr : names) {
      if (attr.equals(EvaluationContext.TARGETING_KEY)) {
        continue;
      }
      Value v = ctx.getValue(attr);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isStructure() || v.isList()) {
        return error(ErrorCode.INVALID_CONTEXT, "attribute '" + attr + "' is a " + (v.isList() ? "list" : "structure")
            + ": FeatBit user attributes must be text, numbers, booleans or instants");
      }
      if (attr.equals(NAME)) {
        if (!v.isString()) {
          return error(ErrorCode.INVALID_CONTEXT, "attribute 'name' must be text: it is the FeatBit user's name");
        }
        b.name(v.asString());
      } else if (v.isString()) {
        b.custom(attr, v.asString());
      } else if (v.isBoolean()) {
        b.custom(attr, v.asBoolean());
      } else if (v.isNumber()) {
        b.custom(attr, (Number) v.asObject());
      } else if (v.isInstant()) {
        b.custom(attr, v.asInstant().toString());
      } else {
        return error(ErrorCode.INVALID_CONTEXT, "attribute '" + attr + "' has an unsupported type");
      }
    }
    return new Conversion(b.build(), null, null);
  }

  /** Null, empty or only white space (as .NET's {@code string.IsNullOrWhiteSpace}, which the server uses). */
  static boolean isBlank(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '\u0085') {
        return false;
      }
    }
    return true;
  }
}
