package dev.authsidecar.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for TLS tests: CAs, and server and client certificates with chosen names and
 * validity, written as the PEM files the sidecar reads.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestPki() {}

  /** A key pair, its certificate, and the chain up to (not including) the root. */
  public record Issued(KeyPair keys, X509Certificate certificate) {
    public PrivateKey key() {
      return keys.getPrivate();
    }

    /** Writes the certificate (PEM) atomically, as a rotation by cert-manager would. */
    public Path writeCertificate(Path file) {
      return writeAtomically(file, pem(certificate));
    }

    /** Writes the private key as PKCS#8 PEM atomically. */
    public Path writeKey(Path file) {
      try {
        return writeAtomically(file, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A self-signed CA valid from an hour ago for a year. */
  public static Issued ca(String commonName) {
    KeyPair keys = newKeys();
    Instant now = Instant.now();
    return sign(
        keys,
        keys,
        new X500Name("CN=" + commonName),
        new X500Name("CN=" + commonName),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(365)),
        true,
        List.of(),
        null);
  }

  /** A server certificate for localhost and 127.0.0.1. */
  public static Issued server(Issued ca) {
    Instant now = Instant.now();
    return sign(
        newKeys(),
        ca.keys(),
        subject(ca),
        new X500Name("CN=authsidecar"),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(30)),
        false,
        List.of(
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
        KeyPurposeId.id_kp_serverAuth);
  }

  /** A client certificate with the given subject CN and SANs, valid over the given span. */
  public static Issued client(
      Issued ca, String commonName, List<GeneralName> altNames, Instant from, Instant until) {
    return sign(
        newKeys(),
        ca.keys(),
        subject(ca),
        new X500Name("CN=" + commonName),
        from,
        until,
        false,
        altNames,
        KeyPurposeId.id_kp_clientAuth);
  }

  /** A client certificate valid now, named by a URI SAN (e.g. a SPIFFE ID) and a CN. */
  public static Issued client(Issued ca, String commonName, String uri) {
    Instant now = Instant.now();
    List<GeneralName> names = new ArrayList<>();
    if (uri != null) {
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
    return client(
        ca, commonName, names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** Several certificates in one PEM file, e.g. a CA bundle. */
  public static Path writeBundle(Path file, Issued... certificates) {
    StringBuilder pem = new StringBuilder();
    for (Issued issued : certificates) {
      pem.append(pem(issued.certificate()));
    }
    return writeAtomically(file, pem.toString());
  }

  private static X500Name subject(Issued ca) {
    return new X500Name(ca.certificate().getSubjectX500Principal().getName());
  }

  private static Issued sign(
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      X500Name issuer,
      X500Name subject,
      Instant from,
      Instant until,
      boolean ca,
      List<GeneralName> altNames,
      KeyPurposeId usage) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(until),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
      }
      if (!altNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(altNames.toArray(new GeneralName[0])));
      }
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new Issued(subjectKeys, certificate);
    } catch (Exception e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Path writeAtomically(Path file, String content) {
    try {
      Path temp = Files.createTempFile(file.getParent(), ".tmp", ".pem");
      Files.writeString(temp, content);
      return Files.move(
          temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
