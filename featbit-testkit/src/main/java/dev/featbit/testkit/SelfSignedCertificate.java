package dev.featbit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost} (subject alternative names), made at
 * run time with the JDK's {@code keytool} (EC P-256, valid for two days), for
 * {@link FeatBitTestServer#startTls(KeyStore, char[])}. No file stays behind: the key store is read into memory
 * and its temporary directory deleted.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate();
 * try (FeatBitTestServer server = FeatBitTestServer.startTls(cert.keyStore(), cert.password())) {
 *   FBConfig config = FBConfig.builder(server.secret()).streamingUrl(server.streamingUrl())   // wss://
 *       .http(Components.http().sslContext(cert.trustingContext()))
 *       .build();
 * }
 * }</pre>
 */
public final class SelfSignedCertificate {
  private static final String ALIAS = "featbit-testkit";

  private final KeyStore keyStore;
  private final char[] password;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyStore keyStore, char[] password, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
  }

  /**
   * Generates a new key pair and self-signed certificate with {@code keytool} (from {@code java.home}).
   *
   * @return the certificate and its key store
   * @throws IllegalStateException when {@code keytool} is missing or fails
   */
  public static SelfSignedCertificate generate() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("featbit-testkit-tls");
      Path file = dir.resolve("server.p12");
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
      String pw = new String(password);
      Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
          "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
          "-dname", "CN=127.0.0.1, O=FeatBit test kit", "-ext", "san=ip:127.0.0.1,dns:localhost",
          "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", pw, "-keypass", pw, "-noprompt"))
          .redirectErrorStream(true)
          .start();
      String output;
      try (InputStream out = p.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): " + output.trim());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, password);
      }
      return new SelfSignedCertificate(ks, password, (X509Certificate) ks.getCertificate(ALIAS));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating a certificate", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory left behind holds only a throw-away test key
    }
  }

  /**
   * The key store (PKCS12) with the private key and the certificate, for the server.
   *
   * @return the key store
   */
  public KeyStore keyStore() {
    return keyStore;
  }

  /**
   * The password of the key store and of its key.
   *
   * @return a copy of the password
   */
  public char[] password() {
    return password.clone();
  }

  /**
   * The certificate.
   *
   * @return the self-signed certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A key store holding only this certificate as a trusted entry, for clients.
   *
   * @return the trust store
   * @throws IllegalStateException when the platform has no PKCS12 support
   */
  public KeyStore trustStore() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry(ALIAS, certificate);
      return ts;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store: " + e, e);
    }
  }

  /**
   * A TLS context that trusts this certificate and nothing else.
   *
   * @return the SSL context
   * @throws IllegalStateException when the platform has no TLS support
   */
  public SSLContext trustingContext() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSL context: " + e, e);
    }
  }
}
