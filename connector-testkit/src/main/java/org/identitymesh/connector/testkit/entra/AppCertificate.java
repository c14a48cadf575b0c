package org.identitymesh.connector.testkit.entra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A client certificate for an app registration: an RSA 2048 key pair and a self-signed certificate, as
 * {@code New-SelfSignedCertificate} or {@code openssl req -x509} make them. Register the certificate on the
 * simulated tenant ({@link SimulatedEntraTenant#registerCertificate()} generates and registers one), then give the
 * client the certificate with its private key: {@link #pem()} (certificate and PKCS#8 key, the form azure-identity's
 * {@code pemCertificate} reads) or {@link #pkcs12(char[])} (a PFX file).
 *
 * <p>Holds a private key: test material only. BouncyCastle builds the certificate; the cryptography runs on the JDK's
 * providers.
 */
public final class AppCertificate {

    private static final int PEM_LINE = 64;

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private AppCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Generates a key pair and a certificate valid from a day ago for a year (by the system clock).
     *
     * @param commonName the subject's CN, for example {@code identitymesh-entra-connector}
     * @return the certificate
     */
    public static AppCertificate generate(String commonName) {
        Instant now = Instant.now();
        return generate(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    /**
     * Generates a key pair and a certificate valid between two instants; the tenant refuses an assertion signed with a
     * certificate outside its validity (by the tenant's clock), as Entra does.
     *
     * @param commonName the subject's CN
     * @param notBefore  start of validity
     * @param notAfter   end of validity, after {@code notBefore}
     * @return the certificate
     */
    public static AppCertificate generate(String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore: " + notBefore + ", " + notAfter);
        }
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048);
            KeyPair pair = kpg.generateKeyPair();
            X500Name subject = new X500Name("CN=" + commonName.replace(",", "\\,"));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new AppCertificate(cert, pair.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a client certificate", e);
        }
    }

    /**
     * The certificate: its public part is what an administrator uploads to the app registration.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The SHA-1 thumbprint in upper-case hex, as the Entra admin center shows it.
     *
     * @return the thumbprint
     */
    public String thumbprint() {
        return HexFormat.of().formatHex(digest("SHA-1", der(certificate))).toUpperCase(Locale.ROOT);
    }

    /**
     * The SHA-256 thumbprint in upper-case hex (what clients send as {@code x5t#S256}, base64-encoded).
     *
     * @return the thumbprint
     */
    public String thumbprintSha256() {
        return HexFormat.of().formatHex(digest("SHA-256", der(certificate))).toUpperCase(Locale.ROOT);
    }

    /**
     * The certificate alone in PEM, what an administrator uploads.
     *
     * @return {@code -----BEGIN CERTIFICATE-----} ... {@code -----END CERTIFICATE-----} and a line break
     */
    public String certificatePem() {
        return pem("CERTIFICATE", der(certificate));
    }

    /**
     * The certificate followed by its unencrypted PKCS#8 private key in PEM: what a secret store holds for the
     * connector's {@code Certificate} reference.
     *
     * @return the PEM text
     */
    public String pem() {
        return certificatePem() + pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /**
     * Writes {@link #pem()} to a file.
     *
     * @param file where to write (parent directories are created)
     * @throws UncheckedIOException when writing fails
     */
    public void writePem(Path file) {
        write(file, pem().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The certificate and its private key as a PKCS#12 (PFX) file.
     *
     * @param password the file's and the key's password
     * @return the file's bytes
     */
    public byte[] pkcs12(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", privateKey, password, new X509Certificate[] {certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the client certificate as PKCS#12", e);
        }
    }

    /**
     * Writes {@link #pkcs12(char[])} to a file.
     *
     * @param file     where to write (parent directories are created)
     * @param password the file's and the key's password
     * @throws UncheckedIOException when writing fails
     */
    public void writePkcs12(Path file, char[] password) {
        write(file, pkcs12(password));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < b64.length(); i += PEM_LINE) {
            sb.append(b64, i, Math.min(b64.length(), i + PEM_LINE)).append('\n');
        }
        return sb.append("-----END ").append(type).append("-----\n").toString();
    }

    private static void write(Path file, byte[] content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Names the certificate by subject and thumbprint; never the key. */
    @Override
    public String toString() {
        return "AppCertificate{" + certificate.getSubjectX500Principal().getName() + ", thumbprint " + thumbprint()
                + "}";
    }
}
