package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds well over 100,000 random and mutated request frames through four connections, each with a writer that never
 * waits for replies and a reader that drains them. Connections the server closes (over-long lines, floods during a
 * blocked command) are reopened. Afterwards the server must still answer, and once the fuzz connections are gone the
 * engine must be idle: no holder, no waiter, no session.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FuzzIT {
    private static final Logger LOG = LoggerFactory.getLogger(FuzzIT.class);
    private static final int CONNECTIONS = 4;
    private static final int FRAMES_PER_CONNECTION = 27_500;
    private static final int BATCH = 20;
    private static final int WINDOW = 140;
    private static final String[] COMMANDS = {"l", "sl", "r", "sr", "n", "sn", "e", "se", "w", "sw", "ping", "stats",
        "auth", "L", "frob", ""};
    private static final String[] KEYS = {"a", "b", "c", "s1", "s2", "\u0000k", "\u00ff\u00fe", "k\u000B", "x-y_z"};
    private static final Pattern TOKEN = Pattern.compile("(?:ok|acquired) ([0-9a-f]{32}) ");

    private final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong repliesRead = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    @Test
    void randomAndMutatedFramesNeverHurtTheServer() throws Exception {
        long seed = System.nanoTime();
        LOG.info("fuzz seed {}", seed);
        try (TestServer server = TestServer.start(engine -> engine.maxWaiters(50), tcp -> { })) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    long connectionSeed = seed + i;
                    writers.add(pool.submit(() -> {
                        fuzz(server, pool, new Random(connectionSeed));
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(80, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            LOG.info("fuzz: {} frames sent, {} replies read, {} reconnects", framesSent.get(), repliesRead.get(),
                    reconnects.get());
            assertThat(framesSent.get()).isGreaterThanOrEqualTo(100_000);
            assertThat(repliesRead.get()).as("frames answered").isGreaterThanOrEqualTo(100_000);
            try (WireClient probe = server.client()) {
                assertThat(probe.request("ping", "_", "_")).isEqualTo("ok");
                assertThat(probe.request("stats", "_", "_")).startsWith("ok {\"connections\":");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(server.server.openConnections()).isZero();
                assertThat(server.manager.stats().openSessions()).isZero();
                server.assertEngineIdle();
            });
        }
    }

    /**
     * Writes this connection's share of frames in batches, keeping at most {@value #WINDOW} frames unanswered: that
     * keeps the pipelined bytes below the 4,096 a blocked command tolerates, so only deliberate framing errors end
     * a connection. When the server closes one, the rest of the frames go to a new connection.
     */
    private void fuzz(TestServer server, ExecutorService pool, Random random) throws Exception {
        int sent = 0;
        while (sent < FRAMES_PER_CONNECTION) {
            try (Socket socket = new Socket()) {
                socket.connect(server.address(), 5000);
                Semaphore window = new Semaphore(WINDOW);
                AtomicBoolean closed = new AtomicBoolean();
                Future<?> reader = pool.submit(() -> drain(socket, window, closed));
                OutputStream out = socket.getOutputStream();
                try {
                    while (sent < FRAMES_PER_CONNECTION && !closed.get()) {
                        int frames = Math.min(BATCH, FRAMES_PER_CONNECTION - sent);
                        if (!window.tryAcquire(frames, 10, TimeUnit.SECONDS)) {
                            throw new AssertionError("no replies for 10 s: the server stopped answering");
                        }
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        for (int i = 0; i < frames; i++) {
                            batch.write(frame(random));
                        }
                        out.write(batch.toByteArray());
                        sent += frames;
                        framesSent.addAndGet(frames);
                    }
                    socket.shutdownOutput();
                } catch (IOException closedByServer) {
                    // an over-long line closed it: carry on with a new connection
                }
                reader.get(30, TimeUnit.SECONDS);
                if (closed.get() && sent < FRAMES_PER_CONNECTION) {
                    reconnects.incrementAndGet();
                }
            }
        }
    }

    private Void drain(Socket socket, Semaphore window, AtomicBoolean closed) {
        try {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        repliesRead.incrementAndGet();
                        window.release();
                        Matcher grant = TOKEN.matcher(line.toString(StandardCharsets.ISO_8859_1));
                        if (grant.lookingAt() && tokens.size() < 1000) {
                            tokens.add(grant.group(1));
                        }
                        line.reset();
                    } else if (line.size() < 100) {
                        line.write(chunk[i]);
                    }
                }
            }
        } catch (IOException e) {
            // reset by the server
        } finally {
            closed.set(true);
            window.release(WINDOW); // wake the writer so that it sees the close
        }
        return null;
    }

    private byte[] frame(Random random) {
        String command = COMMANDS[random.nextInt(COMMANDS.length)];
        String key = KEYS[random.nextInt(KEYS.length)];
        String argument = argument(command, random);
        String[] lines = {command, key, argument};
        if (random.nextInt(10) < 3) {
            int which = random.nextInt(3);
            lines[which] = mutate(lines[which], random);
        }
        return (lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Arguments whose numbers stay tiny, so that an accidental blocking call ends quickly. */
    private String argument(String command, Random random) {
        String lease = Integer.toString(1 + random.nextInt(2));
        String limit = Integer.toString(1 + random.nextInt(3));
        return switch (command) {
            case "l" -> random.nextBoolean() ? "0" : "0 " + lease;
            case "sl" -> "0 " + limit + (random.nextBoolean() ? "" : " " + lease);
            case "e" -> random.nextBoolean() ? "" : lease;
            case "se" -> limit + (random.nextBoolean() ? "" : " " + lease);
            case "w", "sw" -> "0";
            case "r", "sr" -> token(random);
            case "n", "sn" -> token(random) + (random.nextBoolean() ? "" : " " + lease);
            case "auth" -> "secret";
            default -> random.nextBoolean() ? "_" : "";
        };
    }

    private String token(Random random) {
        String token = random.nextInt(4) == 0 ? null : tokens.poll();
        return token != null ? token : Long.toHexString(random.nextLong()) + "0123456789abcdef";
    }

    /** One random edit; inserted bytes are never digits, so numbers never grow. */
    private static String mutate(String line, Random random) {
        StringBuilder out = new StringBuilder(line);
        int position = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
        switch (random.nextInt(8)) {
            case 0 -> out.insert(position, nonDigit(random));
            case 1 -> {
                if (out.length() > 0) {
                    out.deleteCharAt(Math.min(position, out.length() - 1));
                }
            }
            case 2 -> {
                if (out.length() > 0) {
                    out.setCharAt(Math.min(position, out.length() - 1), nonDigit(random));
                }
            }
            case 3 -> out.append('\r');
            case 4 -> out.insert(position, random.nextBoolean() ? " " : "\t");
            case 5 -> out.append(" ").append(random.nextBoolean() ? "-1" : "9223372037");
            case 6 -> {
                if (random.nextInt(400) == 0) {
                    out.append("z".repeat(300)); // over-long: the server answers error and closes
                } else if (random.nextInt(20) == 0) {
                    out.insert(position, '\n'); // shifts the framing by one line
                } else {
                    out.append("\u0000\u00ff");
                }
            }
            default -> out.insert(0, "\u000B\f");
        }
        return out.toString();
    }

    private static char nonDigit(Random random) {
        while (true) {
            char c = (char) random.nextInt(256);
            if ((c < '0' || c > '9') && c != '\n') {
                return c;
            }
        }
    }
}
