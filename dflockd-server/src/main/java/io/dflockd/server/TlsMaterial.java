package io.dflockd.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Turns a PEM certificate chain and an unencrypted PEM private key into the server's {@link SSLContext}
 * (SERVER.md §6). BouncyCastle's {@link PEMParser} reads the blocks and its converters hand the DER to the JDK's own
 * key and certificate factories; BouncyCastle is never registered as a JCE provider, so the shaded, unsigned server
 * jar works. Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}, a preceding {@code EC PARAMETERS} block skipped), RSA or EC. The key must match the leaf
 * certificate, checked by signing a random challenge with the key and verifying it with the certificate.
 */
final class TlsMaterial {
    private static final String ERROR_PREFIX = "cannot load TLS certificate/key: ";

    private TlsMaterial() {
    }

    /** The server context, restricted to TLS 1.2 and 1.3; the message of a failure starts with the §4 prefix. */
    static SSLContext load(ServerSettings.TlsFiles files) throws ConfigException {
        try {
            List<X509Certificate> chain = readCertificates(files.certificateChain());
            PrivateKey key = readPrivateKey(files.privateKey());
            requireMatch(key, chain.get(0), files);
            return ProtocolRestrictedSslContext.wrap(serverContext(key, chain));
        } catch (MaterialException e) {
            throw new ConfigException(ERROR_PREFIX + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(ERROR_PREFIX + e, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) throws MaterialException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object block : pemObjects(file)) {
            if (block instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new MaterialException(file + ": bad certificate: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new MaterialException(file + ": no PEM CERTIFICATE block");
        }
        return chain;
    }

    private static PrivateKey readPrivateKey(Path file) throws MaterialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object block : pemObjects(file)) {
            Optional<PrivateKey> key = toPrivateKey(block, converter, file);
            if (key.isPresent()) {
                String algorithm = key.get().getAlgorithm();
                if (!algorithm.equals("RSA") && !algorithm.equals("EC")) {
                    throw new MaterialException(file + ": unsupported key algorithm " + algorithm
                            + " (RSA or EC required)");
                }
                return key.get();
            }
        }
        throw new MaterialException(file + ": no PEM private key block"
                + " (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** The key in one PEM block, or empty for blocks that carry none (EC PARAMETERS, certificates). */
    private static Optional<PrivateKey> toPrivateKey(Object block, JcaPEMKeyConverter converter, Path file)
            throws MaterialException {
        try {
            if (block instanceof PEMKeyPair pair) {
                return Optional.of(converter.getKeyPair(pair).getPrivate());
            }
            if (block instanceof PrivateKeyInfo info) {
                return Optional.of(converter.getPrivateKey(info));
            }
        } catch (IOException e) {
            throw new MaterialException(file + ": bad private key: " + e.getMessage(), e);
        }
        if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new MaterialException(file + ": encrypted private keys are not supported");
        }
        // EC PARAMETERS (a curve OID or explicit parameters) and certificates carry no key: skip them.
        return Optional.empty();
    }

    private static List<Object> pemObjects(Path file) throws MaterialException {
        List<Object> blocks = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (NoSuchFileException e) {
            throw new MaterialException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new MaterialException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new MaterialException(file + ": " + e.getMessage(), e);
        }
        return blocks;
    }

    private static void requireMatch(PrivateKey key, X509Certificate leaf, ServerSettings.TlsFiles files)
            throws MaterialException, GeneralSecurityException {
        String mismatch = "private key " + files.privateKey() + " does not match certificate "
                + files.certificateChain();
        if (!key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
            throw new MaterialException(mismatch);
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(challenge);
        if (!verifier.verify(signature)) {
            throw new MaterialException(mismatch);
        }
    }

    private static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, MaterialException {
        char[] password = new char[16];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new MaterialException("cannot create an in-memory key store: " + e.getMessage(), e);
        }
        store.setKeyEntry("dflockd", key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    /** A problem with the material itself; the message names the file. */
    private static final class MaterialException extends Exception {
        private static final long serialVersionUID = 1L;

        MaterialException(String message) {
            super(message);
        }

        MaterialException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
