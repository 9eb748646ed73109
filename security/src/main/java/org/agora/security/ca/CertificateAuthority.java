package org.agora.security.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.Keys;
import org.agora.security.credential.PemFiles;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.trust.SubjectHashes;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** A CA key and certificate that issue certificates named under the CA's own name space. */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GridCredential credential;

    private CertificateAuthority(GridCredential credential) {
        this.credential = credential;
    }

    /** A new self-signed CA named by {@code slashDn}, e.g. {@code /DC=org/DC=example/CN=Example CA}. */
    public static CertificateAuthority create(String slashDn, Duration validity) {
        KeyPair keys = Keys.generateRsa(2048);
        X500Name name = DistinguishedNames.fromSlash(slashDn);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(new GridCredential(keys.getPrivate(),
                    new X509Certificate[] {Keys.sign(builder, keys.getPrivate())}));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build a CA certificate for " + slashDn, e);
        }
    }

    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws CredentialException {
        return new CertificateAuthority(GridCredential.fromCertificateAndKey(certificateFile, keyFile));
    }

    public void save(Path certificateFile, Path keyFile) throws CredentialException {
        credential.writeCertificateAndKey(certificateFile, keyFile);
    }

    public X509Certificate certificate() {
        return credential.certificate();
    }

    /** A host certificate {@code .../CN=host/<hostName>} valid for that name, localhost and 127.0.0.1. */
    public GridCredential issueHost(String hostName, Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, hostName));
        if (!"localhost".equals(hostName)) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        try {
            String local = InetAddress.getLocalHost().getCanonicalHostName();
            if (!local.equals(hostName) && !local.equals("localhost")) {
                names.add(new GeneralName(GeneralName.dNSName, local));
            }
        } catch (IOException unknownLocalName) {
            // The certificate simply does not name this machine.
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return issue(underCa("host/" + hostName), validity, new GeneralNames(names.toArray(GeneralName[]::new)),
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    /** A user certificate {@code <CA's name minus its last CN>/CN=<commonName>}. */
    public GridCredential issueUser(String commonName, Duration validity) {
        return issue(underCa(commonName), validity, null, KeyPurposeId.id_kp_clientAuth);
    }

    /** A certificate for any subject this CA signs. */
    public GridCredential issue(X500Name subject, Duration validity, GeneralNames altNames, KeyPurposeId... purposes) {
        KeyPair keys = Keys.generateRsa(2048);
        Instant now = Instant.now();
        X509Certificate ca = credential.certificate();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minusSeconds(300)), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new GridCredential(keys.getPrivate(),
                    new X509Certificate[] {Keys.sign(builder, credential.privateKey())});
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private X500Name underCa(String commonName) {
        X500Name caName = X500Name.getInstance(credential.certificate().getSubjectX500Principal().getEncoded());
        RDN[] rdns = caName.getRDNs();
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        int keep = rdns.length > 0 && BCStyle.CN.equals(rdns[rdns.length - 1].getFirst().getType())
                ? rdns.length - 1 : rdns.length;
        for (int i = 0; i < keep; i++) {
            builder.addMultiValuedRDN(rdns[i].getTypesAndValues());
        }
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    /**
     * Installs the CA into a grid certificates directory: {@code <hash>.0} under both OpenSSL hash
     * styles, with the matching {@code .signing_policy} allowing the CA's own name space.
     */
    public void installInto(Path certificatesDir) throws CredentialException {
        X509Certificate ca = credential.certificate();
        String dn = DistinguishedNames.toSlash(ca.getSubjectX500Principal());
        String namespace = dn.substring(0, dn.lastIndexOf('/')) + "/*";
        String policy = "# Signing policy of " + dn + ", written by Agora\n"
                + "access_id_CA      X509         '" + dn + "'\n"
                + "pos_rights        globus        CA:sign\n"
                + "cond_subjects     globus       '\"" + namespace + "\"'\n";
        try {
            Files.createDirectories(certificatesDir);
            for (String hash : new String[] {SubjectHashes.current(ca.getSubjectX500Principal()),
                SubjectHashes.old(ca.getSubjectX500Principal())}) {
                PemFiles.write(certificatesDir.resolve(hash + ".0"), "rw-r--r--", ca);
                Files.writeString(certificatesDir.resolve(hash + ".signing_policy"), policy, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new CredentialException("cannot install the CA into " + certificatesDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Publishes a CRL revoking {@code revoked} into a certificates directory as {@code <hash>.r0}
     * under both hash styles, valid for {@code validity}.
     */
    public void publishCrl(Path certificatesDir, Duration validity, X509Certificate... revoked)
            throws CredentialException {
        X509Certificate ca = credential.certificate();
        Instant now = Instant.now();
        try {
            org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(
                    ca.getSubjectX500Principal(), Date.from(now.minusSeconds(60)));
            builder.setNextUpdate(Date.from(now.plus(validity)));
            for (X509Certificate r : revoked) {
                builder.addCRLEntry(r.getSerialNumber(), Date.from(now.minusSeconds(60)),
                        org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(
                    BigInteger.valueOf(now.getEpochSecond())));
            java.security.cert.X509CRL crl = new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(
                    builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(Keys.SIGNATURE_ALGORITHM)
                            .build(credential.privateKey())));
            for (String hash : new String[] {SubjectHashes.current(ca.getSubjectX500Principal()),
                SubjectHashes.old(ca.getSubjectX500Principal())}) {
                PemFiles.write(certificatesDir.resolve(hash + ".r0"), "rw-r--r--", crl);
            }
        } catch (IOException | java.security.GeneralSecurityException
                 | org.bouncycastle.operator.OperatorCreationException e) {
            throw new CredentialException("cannot publish a CRL of " + ca.getSubjectX500Principal() + ": "
                    + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }
}
