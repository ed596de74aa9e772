package dev.featbit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featbit.sdk.FBUser;
import dev.featbit.sdk.internal.data.DataSyncMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reading and checking what the user gives the CLI: flag data files, users, attributes. */
final class Inputs {
  static final ObjectMapper JSON = new ObjectMapper();

  private Inputs() {
  }

  /** Flag data as read from a file, checked. */
  static final class FlagData {
    final String text;
    final DataSyncMessage message;

    FlagData(String text, DataSyncMessage message) {
      this.text = text;
      this.message = message;
    }

    int activeFlags() {
      return (int) message.flags.stream().filter(f -> !f.archived).count();
    }

    int segments() {
      return message.segments.size();
    }
  }

  /** Reads a file as UTF-8; a missing or unreadable file is bad input. */
  static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.badInput(what + " not found: " + file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw CliException.badInput(what + " " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw CliException.badInput("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads and checks a flag data file: a data-sync message, a {@code latest-all} body or a bare
   * {@code {"featureFlags": [...], "segments": [...]}} object, as the SDK's bootstrap accepts.
   */
  static FlagData flagData(Path file) {
    String text = read(file, "data file");
    return checkFlagData(text, file.toString());
  }

  static FlagData checkFlagData(String text, String name) {
    try {
      JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.badInput("data file " + name + " is not valid JSON" + where(e.getLocation()) + ": "
          + e.getOriginalMessage());
    }
    try {
      return new FlagData(text, DataSyncMessage.parseBootstrap(text));
    } catch (DataSyncMessage.InvalidMessageException e) {
      throw CliException.badInput("data file " + name + " is not FeatBit flag data: " + e.getMessage());
    }
  }

  private static String where(JsonLocation l) {
    return l == null || l.getLineNr() < 0 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
  }

  /** A user from {@code --user}, {@code --name} and {@code --attr name=value} options. */
  static FBUser user(String key, String name, List<String> attrs) {
    if (key == null || key.isEmpty()) {
      throw CliException.badInput("--user must not be empty");
    }
    FBUser.Builder b = FBUser.builder(key).name(name);
    for (String a : attrs) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw CliException.badInput("--attr must be name=value, got: " + a);
      }
      b.custom(a.substring(0, eq), a.substring(eq + 1));
    }
    return b.build();
  }

  /**
   * Users from a JSON-lines file: one object per line, either FeatBit's user shape
   * ({@code {"keyId": "...", "name": "...", "customizedProperties": [{"name": "...", "value": "..."}]}}) or
   * {@code {"key": "...", "name": "...", "custom": {"attr": value}}}. Blank lines are skipped.
   */
  static List<FBUser> users(Path file) {
    String text = read(file, "users file");
    List<FBUser> users = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String where = "users file " + file + " line " + (i + 1);
      JsonNode u;
      try {
        u = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw CliException.badInput(where + " is not valid JSON: " + e.getOriginalMessage());
      }
      users.add(user(u, where));
    }
    if (users.isEmpty()) {
      throw CliException.badInput("users file " + file + " has no users");
    }
    return users;
  }

  static FBUser user(JsonNode u, String where) {
    if (u == null || !u.isObject()) {
      throw CliException.badInput(where + ": a user must be a JSON object");
    }
    JsonNode key = u.has("keyId") ? u.get("keyId") : u.get("key");
    if (key == null || !key.isTextual() || key.asText().isEmpty()) {
      throw CliException.badInput(where + ": \"keyId\" (or \"key\") must be a non-empty string");
    }
    FBUser.Builder b = FBUser.builder(key.asText());
    JsonNode name = u.get("name");
    if (name != null && !name.isNull()) {
      if (!name.isTextual()) {
        throw CliException.badInput(where + ": \"name\" must be a string");
      }
      b.name(name.asText());
    }
    JsonNode props = u.get("customizedProperties");
    if (props != null && !props.isNull()) {
      if (!props.isArray()) {
        throw CliException.badInput(where + ": \"customizedProperties\" must be an array");
      }
      for (JsonNode p : props) {
        JsonNode n = p.get("name");
        if (n == null || !n.isTextual()) {
          throw CliException.badInput(where + ": every customizedProperties item needs a string \"name\"");
        }
        attribute(b, n.asText(), p.get("value"), where);
      }
    }
    JsonNode custom = u.get("custom");
    if (custom != null && !custom.isNull()) {
      if (!custom.isObject()) {
        throw CliException.badInput(where + ": \"custom\" must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        attribute(b, e.getKey(), e.getValue(), where);
      }
    }
    return b.build();
  }

  private static void attribute(FBUser.Builder b, String name, JsonNode v, String where) {
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isTextual()) {
      b.custom(name, v.asText());
    } else if (v.isNumber()) {
      b.custom(name, v.numberValue());
    } else if (v.isBoolean()) {
      b.custom(name, v.asBoolean());
    } else {
      throw CliException.badInput(where + ": attribute " + name + " must be a string, number or boolean");
    }
  }
}
