package dev.authsidecar.caller;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * How a caller is recognised by its client certificate: a URI SAN (a SPIFFE ID such as {@code
 * spiffe://cluster.local/ns/login/sa/web}), a DNS SAN, or the subject's common name.
 */
public record CertificateIdentity(Kind kind, String value) {
  public enum Kind {
    URI,
    DNS,
    CN;

    /** The key in the callers file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // RFC 5280 §4.2.1.6: GeneralName tags as java.security.cert reports them.
  private static final int DNS_NAME = 2;
  private static final int URI_NAME = 6;

  public boolean matches(X509Certificate certificate) {
    return switch (kind) {
      case URI -> subjectAltNames(certificate, URI_NAME).contains(value);
      // DNS names compare case-insensitively (RFC 4343).
      case DNS ->
          subjectAltNames(certificate, DNS_NAME).stream().anyMatch(n -> n.equalsIgnoreCase(value));
      case CN -> value.equals(commonName(certificate));
    };
  }

  @Override
  public String toString() {
    return kind.configName() + ":" + value;
  }

  private static List<String> subjectAltNames(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      return names.stream()
          .filter(n -> n.size() >= 2 && Integer.valueOf(type).equals(n.get(0)))
          .map(n -> String.valueOf(n.get(1)))
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
      // LdapName lists RDNs right to left: the last is the leftmost, most specific one.
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: no usable CN
    }
    return null;
  }
}
