package io.dflockd.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the ITs whose tests share one in-process {@link TestServer}, started before the first test of the class
 * and closed after the last. The field is static and shared by the subclasses, which is safe because test classes
 * run one after another (no parallel execution is configured).
 */
abstract class OneServerPerClass {
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
