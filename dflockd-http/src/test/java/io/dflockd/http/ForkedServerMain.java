package io.dflockd.http;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server in its own JVM, for settings the JDK reads once per JVM ({@code sun.net.httpserver.maxReqTime}): the
 * read timeout is the first argument in seconds. Prints the bound port, then serves until stdin closes.
 */
public final class ForkedServerMain {
    private ForkedServerMain() {
    }

    public static void main(String[] args) throws Exception {
        HttpApiConfig config = HttpApiConfig.builder().host("127.0.0.1").port(0)
                .readTimeout(Duration.ofSeconds(Long.parseLong(args[0]))).build();
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
             HttpApiServer server = HttpApiServer.start(manager, config)) {
            System.out.write((server.localAddress().getPort() + "\n").getBytes(StandardCharsets.US_ASCII));
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
