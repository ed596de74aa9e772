package dev.featbit.sdk.internal.eval;

import dev.featbit.sdk.FBUser;

/** A user property reference resolved at compile time ({@code EndUser.ValueOf}, spec 6.1). */
final class Prop {
  private static final int BLANK = 0;
  private static final int KEY = 1;
  private static final int NAME = 2;
  private static final int CUSTOM = 3;

  static final Prop EMPTY = new Prop(BLANK, null);

  private final int kind;
  private final String name;
  private final int hash;

  private Prop(int kind, String name) {
    this.kind = kind;
    this.name = name;
    this.hash = name == null ? 0 : name.hashCode();
  }

  static Prop of(String property) {
    if (property == null || property.isEmpty() || DotNetText.isNullOrWhiteSpace(property)) {
      return EMPTY;
    }
    if (property.equals("keyId")) {
      return new Prop(KEY, null);
    }
    if (property.equals("name")) {
      return new Prop(NAME, null);
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
        String v = user.custom(name, hash);
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
