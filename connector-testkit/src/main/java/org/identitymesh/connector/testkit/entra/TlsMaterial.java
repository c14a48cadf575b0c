package org.identitymesh.connector.testkit.entra;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh EC P-256 key pair and a self-signed certificate for {@code 127.0.0.1} and {@code localhost}, the
 * server's {@link SSLContext}, and the trust material clients need. BouncyCastle only builds the certificate;
 * all cryptography runs on the JDK's providers (no global provider is registered).
 *
 * <p>Public so that tests of other HTTPS fakes (a WireMock server, say) can use the same loopback certificate:
 * {@link #writeKeyStore} for the server, {@link #writeTrustStore} for the client.
 */
public final class TlsMaterial {

    private static final char[] KEY_PASSWORD = "simulated".toCharArray();

    private final X509Certificate certificate;
    private final java.security.PrivateKey privateKey;
    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final X509TrustManager trustManager;

    private TlsMaterial(X509Certificate certificate, java.security.PrivateKey privateKey, SSLContext serverContext,
            SSLContext clientContext, X509TrustManager trustManager) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
        this.trustManager = trustManager;
    }

    /**
     * Generates a key pair and a certificate valid for ten years.
     *
     * @return the material
     */
    public static TlsMaterial generate() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = kpg.generateKeyPair();
            X500Name subject = new X500Name("CN=Simulated Entra tenant, O=IdentityMesh testkit");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));

            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", pair.getPrivate(), KEY_PASSWORD, new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, KEY_PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            KeyStore trust = trustStore(cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            X509TrustManager tm = null;
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    tm = x;
                }
            }
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {tm}, null);
            return new TlsMaterial(cert, pair.getPrivate(), server, client, tm);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the simulated tenant's TLS certificate", e);
        }
    }

    private static KeyStore trustStore(X509Certificate cert) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("simulated-entra", cert);
        return trust;
    }

    /**
     * The self-signed certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A server context with the key.
     *
     * @return the context
     */
    public SSLContext serverContext() {
        return serverContext;
    }

    /**
     * A client context trusting only the certificate.
     *
     * @return the context
     */
    public SSLContext clientContext() {
        return clientContext;
    }

    /**
     * A trust manager trusting only the certificate.
     *
     * @return the trust manager
     */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /**
     * Writes the certificate's private key and chain as a PKCS12 key store, for a server.
     *
     * @param file     where to write
     * @param password the store's and the key's password
     * @throws IOException when the file cannot be written
     */
    public void writeKeyStore(Path file, char[] password) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", privateKey, password, new X509Certificate[] {certificate});
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                keys.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write key store " + file, e);
        }
    }

    /**
     * Writes the certificate as a PKCS12 trust store, for a client.
     *
     * @param file     where to write
     * @param password the store's password
     * @throws IOException when the file cannot be written
     */
    public void writeTrustStore(Path file, char[] password) throws IOException {
        try {
            KeyStore trust = trustStore(certificate);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write trust store " + file, e);
        }
    }
}
