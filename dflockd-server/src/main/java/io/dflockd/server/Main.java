package io.dflockd.server;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code dflockd} process: {@code java -jar dflockd-server.jar [flags]}, normally through the {@code ./dflockd}
 * launcher. Exit status (SERVER.md §1.2): 0 after SIGINT/SIGTERM, {@code --help} and {@code --version}; 1 for an
 * invalid configuration or a failed start-up; 2 for a command-line usage error.
 *
 * <p>Shutdown runs in a JVM shutdown hook (no {@code sun.misc.Signal}): it drains, closes the engine, flushes the
 * logs and ends with {@link Runtime#halt(int) halt(0)}, so a signal yields status 0 rather than 130 or 143.
 */
public final class Main {
    private Main() {
    }

    /** Parses, validates, starts, then waits for a signal. */
    public static void main(String[] args) {
        Charset console = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, console), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, console), true);
        Cli.Outcome outcome = new Cli(System.getenv()).parse(args, out, err);
        if (outcome instanceof Cli.Exit exit) {
            System.exit(exit.status());
        } else if (outcome instanceof Cli.Launch launch) {
            LogSetup.configure(launch.plan().settings().debug());
            serve(launch.plan(), err);
        }
    }

    private static void serve(LaunchPlan plan, PrintWriter err) {
        DflockdServer server;
        try {
            server = DflockdServer.start(plan);
        } catch (StartupException e) {
            Cli.printReason(err, e.getMessage());
            System.exit(Cli.EXIT_CONFIG);
            return;
        } catch (RuntimeException e) {
            Cli.printReason(err, "fatal error at start-up: " + e);
            System.exit(Cli.EXIT_CONFIG);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown();
            } finally {
                stopped.countDown();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "dflockd-shutdown"));
        awaitUninterruptibly(stopped);
    }

    /** The listener threads are daemons: the main thread keeps the JVM alive until the shutdown hook halts it. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
