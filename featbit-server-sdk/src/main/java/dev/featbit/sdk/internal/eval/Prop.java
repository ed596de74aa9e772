package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/**
 * A user property reference resolved at compile time: the server's {@code EndUser.ValueOf} rule (spec 6.1),
 * decided once per property name instead of at every evaluation. A blank name reads {@code ""}; {@code keyId}
 * reads the key and {@code name} the name (possibly {@code null}); any other name reads the custom attribute,
 * or {@code ""} when the user does not have it. Custom attributes named {@code keyId} or {@code name} are
 * therefore never read.
 */
final class Prop {
  private static final int BLANK = 0;
  private static final int KEY = 1;
  private static final int NAME = 2;
  private static final int CUSTOM = 3;

  static final Prop EMPTY = new Prop(BLANK, null);
  private static final Prop KEY_ID = new Prop(KEY, null);
  private static final Prop USER_NAME = new Prop(NAME, null);

  private final int kind;
  private final String name;

  private Prop(int kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  static Prop of(String property) {
    if (property == null || property.isEmpty() || DotNetText.isNullOrWhiteSpace(property)) {
      return EMPTY;
    }
    if (property.equals("keyId")) {
      return KEY_ID;
    }
    if (property.equals("name")) {
      return USER_NAME;
    }
    return new Prop(CUSTOM, property);
  }

  /** The compared value; {@code null} only for {@code name} on a user without a name. */
  String read(FBUser user) {
    switch (kind) {
      case KEY:
        return user.key();
      case NAME:
        return user.name();
      case CUSTOM:
        String v = user.custom(name);
        return v != null ? v : "";
      default:
        return "";
    }
  }

  /** The property name as written in the condition, for diagnostics. */
  String describe() {
    switch (kind) {
      case KEY:
        return "keyId";
      case NAME:
        return "name";
      case CUSTOM:
        return name;
      default:
        return "(blank property)";
    }
  }
}
