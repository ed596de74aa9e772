package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.Json;

/**
 * An operator condition (spec 6.5), with everything derivable from the condition value prepared at compile
 * time: the parsed number, the hash set of an {@code IsOneOf} list, the compiled regex. If the value is
 * unusable for its operator (a list that is not a JSON string array, an invalid regex) the defect is raised
 * only when the user's value is present, as on the server.
 */
final class OpCond extends Cond {
  static final int LT = 1;
  static final int LE = 2;
  static final int GT = 3;
  static final int GE = 4;
  static final int EQ = 5;
  static final int NE = 6;
  static final int CONTAINS = 7;
  static final int NOT_CONTAIN = 8;
  static final int STARTS = 9;
  static final int ENDS = 10;
  static final int REGEX = 11;
  static final int NOT_REGEX = 12;
  static final int ONE_OF = 13;
  static final int NOT_ONE_OF = 14;
  static final int IS_TRUE = 15;
  static final int IS_FALSE = 16;
  /** Unknown, null or empty operator name: never matches. */
  static final int NEVER = 0;

  private final Prop prop;
  private final int op;
  private final String cv;      // null: the condition never matches
  private final double cvNumber;
  private final KeyTable set; // IsOneOf/NotOneOf; null = JSON null list
  private final BoundedRegex regex;
  private final Defect valueDefect; // raised when the user value is present

  OpCond(Prop prop, int op, String cv, double cvNumber, KeyTable set, BoundedRegex regex, Defect valueDefect) {
    this.prop = prop;
    this.op = op;
    this.cv = cv;
    this.cvNumber = cvNumber;
    this.set = set;
    this.regex = regex;
    this.valueDefect = valueDefect;
  }

  static int opCode(String op) {
    if (op == null) {
      return NEVER;
    }
    switch (op) {
      case "LessThan": return LT;
      case "LessEqualThan": return LE;
      case "BiggerThan": return GT;
      case "BiggerEqualThan": return GE;
      case "Equal": return EQ;
      case "NotEqual": return NE;
      case "Contains": return CONTAINS;
      case "NotContain": return NOT_CONTAIN;
      case "StartsWith": return STARTS;
      case "EndsWith": return ENDS;
      case "MatchRegex": return REGEX;
      case "NotMatchRegex": return NOT_REGEX;
      case "IsOneOf": return ONE_OF;
      case "NotOneOf": return NOT_ONE_OF;
      case "IsTrue": return IS_TRUE;
      case "IsFalse": return IS_FALSE;
      default: return NEVER;
    }
  }

  @Override
  boolean test(FBUser user, CompiledSegment[] segments) {
    if (op == NEVER) {
      return false;
    }
    String uv = prop.read(user);
    if (uv == null || cv == null) {
      return false;
    }
    if (valueDefect != null) {
      throw valueDefect;
    }
    switch (op) {
      case LT: return DotNetText.parseNumber(uv) < cvNumber;
      case LE: return DotNetText.parseNumber(uv) <= cvNumber;
      case GT: return DotNetText.parseNumber(uv) > cvNumber;
      case GE: return DotNetText.parseNumber(uv) >= cvNumber;
      case EQ: return uv.equals(cv);
      case NE: return !uv.equals(cv);
      case CONTAINS: return uv.contains(cv);
      case NOT_CONTAIN: return !uv.contains(cv);
      case STARTS: return uv.startsWith(cv);
      case ENDS: return uv.endsWith(cv);
      case REGEX: return regex.find(uv);
      case NOT_REGEX: return !regex.find(uv);
      case ONE_OF: return set != null && set.contains(uv);
      case NOT_ONE_OF: return set == null || !set.contains(uv);
      case IS_TRUE: return DotNetText.asciiEqualsIgnoreCase(uv, "true");
      case IS_FALSE: return DotNetText.asciiEqualsIgnoreCase(uv, "false");
      default: return false;
    }
  }

  private static final String[] OP_NAMES = {"(unknown operator)", "LessThan", "LessEqualThan", "BiggerThan",
      "BiggerEqualThan", "Equal", "NotEqual", "Contains", "NotContain", "StartsWith", "EndsWith", "MatchRegex",
      "NotMatchRegex", "IsOneOf", "NotOneOf", "IsTrue", "IsFalse"};

  @Override
  String describe(FBUser user) {
    String uv = prop.read(user);
    StringBuilder b = new StringBuilder();
    b.append(prop.describe()).append(' ').append(OP_NAMES[op]);
    if (op != IS_TRUE && op != IS_FALSE) {
      b.append(' ').append(cv == null ? "(null)" : Json.quote(cv));
    }
    b.append(" (user value: ").append(uv == null ? "missing" : Json.quote(uv)).append(')');
    return b.toString();
  }
}
