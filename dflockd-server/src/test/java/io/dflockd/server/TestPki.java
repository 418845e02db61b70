package io.dflockd.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates and keys in every supported PEM format, generated at test time with the {@code openssl} command line
 * (OpenSSL 3 syntax) into a directory owned by the caller.
 */
final class TestPki {
    /** RSA key as PKCS#8 ({@code PRIVATE KEY}), from {@code openssl req -x509 -newkey rsa:2048 -nodes}. */
    final Path rsaPkcs8Key;
    /** The same RSA key as PKCS#1 ({@code RSA PRIVATE KEY}). */
    final Path rsaPkcs1Key;
    /** Self-signed certificate of the RSA key, valid for {@code localhost} and {@code 127.0.0.1}. */
    final Path rsaCert;
    /** An unrelated RSA key as PKCS#1, from {@code openssl genrsa -traditional}. */
    final Path otherRsaKey;
    /** EC P-256 key as PKCS#8, from {@code openssl genpkey}. */
    final Path ecPkcs8Key;
    /** The same EC key as SEC1 ({@code EC PRIVATE KEY}) without parameters. */
    final Path ecSec1Key;
    /** Self-signed certificate of the EC key. */
    final Path ecCert;
    /** EC key as SEC1 preceded by an {@code EC PARAMETERS} block, from {@code openssl ecparam -genkey}. */
    final Path ecSec1WithParametersKey;
    /** Self-signed certificate of that key. */
    final Path ecSec1WithParametersCert;
    /** Leaf certificate signed by a test CA, followed by the CA certificate. */
    final Path chainCert;
    /** The leaf's key. */
    final Path chainKey;
    /** An encrypted PKCS#8 key. */
    final Path encryptedKey;
    /** An Ed25519 key (neither RSA nor EC). */
    final Path ed25519Key;

    private final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
        rsaPkcs8Key = dir.resolve("rsa-pkcs8.key");
        rsaPkcs1Key = dir.resolve("rsa-pkcs1.key");
        rsaCert = dir.resolve("rsa.crt");
        otherRsaKey = dir.resolve("other-rsa.key");
        ecPkcs8Key = dir.resolve("ec-pkcs8.key");
        ecSec1Key = dir.resolve("ec-sec1.key");
        ecCert = dir.resolve("ec.crt");
        ecSec1WithParametersKey = dir.resolve("ec-sec1-params.key");
        ecSec1WithParametersCert = dir.resolve("ec-sec1-params.crt");
        chainCert = dir.resolve("chain.crt");
        chainKey = dir.resolve("leaf.key");
        encryptedKey = dir.resolve("encrypted.key");
        ed25519Key = dir.resolve("ed25519.key");
        generate();
    }

    /** Whether the {@code openssl} command is available. */
    static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void generate() {
        String subject = "/CN=localhost";
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", rsaPkcs8Key, "-out", rsaCert,
                "-days", "2", "-subj", subject, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        openssl("rsa", "-in", rsaPkcs8Key, "-out", rsaPkcs1Key, "-traditional");
        openssl("genrsa", "-traditional", "-out", otherRsaKey, "2048");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ecPkcs8Key);
        openssl("ec", "-in", ecPkcs8Key, "-out", ecSec1Key);
        openssl("req", "-x509", "-new", "-key", ecPkcs8Key, "-out", ecCert, "-days", "2", "-subj", subject);
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", ecSec1WithParametersKey);
        openssl("req", "-x509", "-new", "-key", ecSec1WithParametersKey, "-out", ecSec1WithParametersCert,
                "-days", "2", "-subj", subject);
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        Path request = dir.resolve("leaf.csr");
        Path leafCert = dir.resolve("leaf.crt");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", caKey);
        openssl("req", "-x509", "-new", "-key", caKey, "-out", caCert, "-days", "2", "-subj", "/CN=dflockd test CA");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", chainKey);
        openssl("req", "-new", "-key", chainKey, "-out", request, "-subj", subject);
        openssl("x509", "-req", "-in", request, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial", "-out", leafCert,
                "-days", "2");
        concatenate(chainCert, leafCert, caCert);
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass",
                "pass:secret", "-out", encryptedKey);
        openssl("genpkey", "-algorithm", "ED25519", "-out", ed25519Key);
    }

    private static void concatenate(Path target, Path... parts) {
        try {
            StringBuilder text = new StringBuilder();
            for (Path part : parts) {
                text.append(Files.readString(part, StandardCharsets.US_ASCII));
            }
            Files.writeString(target, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(Object... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        for (Object arg : args) {
            command.add(arg.toString());
        }
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
