package io.dflockd.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The server's version string: the Maven project version, filtered into a class-path resource at build time. */
final class Version {
    private static final String RESOURCE = "version.properties";

    private Version() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; the same string everywhere it is shown. */
    static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + RESOURCE);
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            if (version.isEmpty() || version.startsWith("${")) {
                throw new IllegalStateException("resource " + RESOURCE + " was not filtered by the build");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
