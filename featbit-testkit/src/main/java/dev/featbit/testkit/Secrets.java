package dev.featbit.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.UUID;

/** Env secrets in FeatBit's format (spec 1.1): {@code encode(randomGuid) + encode(envId)}, 44 characters. */
public final class Secrets {
  private Secrets() {}

  /**
   * A new secret for a random environment id.
   *
   * @return a well-formed env secret
   */
  public static String newSecret() {
    return encode(UUID.randomUUID()) + encode(UUID.randomUUID());
  }

  /**
   * A secret for a given environment id.
   *
   * @param envId the environment id the secret encodes
   * @return a well-formed env secret for {@code envId}
   */
  public static String newSecret(UUID envId) {
    return encode(UUID.randomUUID()) + encode(envId);
  }

  /** 22-character encoding of a GUID in .NET byte order with the URL-safe alphabet. */
  static String encode(UUID id) {
    ByteBuffer b = ByteBuffer.allocate(16);
    long msb = id.getMostSignificantBits();
    b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
    b.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
    String s = Base64.getEncoder().encodeToString(b.array()).replace('/', '_').replace('+', '-');
    return s.substring(0, 22);
  }

  /**
   * The server's structural check ({@code Secret.TryParse}): 44 characters, environment part a non-empty GUID.
   *
   * @param secret the text to check
   * @return {@code true} if the evaluation server would accept its structure
   */
  public static boolean isWellFormed(String secret) {
    if (secret == null || secret.trim().isEmpty() || secret.length() != 44) {
      return false;
    }
    try {
      byte[] g = Base64.getDecoder().decode(secret.substring(22).replace('_', '/').replace('-', '+') + "==");
      boolean zero = true;
      for (byte x : g) {
        zero &= x == 0;
      }
      return g.length == 16 && !zero;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
