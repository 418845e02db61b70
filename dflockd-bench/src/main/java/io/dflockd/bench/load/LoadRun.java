package io.dflockd.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario: opens every worker's driver, releases them together, lets them loop for the warm-up and then
 * the measured window, and merges what they counted.
 *
 * <p>Design: each worker is a platform thread with its own driver, {@link Histogram} and counters (no sharing on the
 * hot path but the {@link HolderLedger}); the merge happens after {@code join}, which is the happens-before edge.
 * An operation belongs to the window if it <em>started</em> in it; only completed operations (grant + release) are
 * in the latency histogram. A closed loop: each worker issues its next op when the previous one has ended.
 */
final class LoadRun {
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private LoadRun() {
    }

    /**
     * Runs {@code options.workers()} workers on drivers from {@code factory} for the warm-up plus the duration.
     *
     * @throws IOException if a worker cannot connect (or authenticate, or open its session) before the start
     */
    static RunResult run(LoadOptions options, Driver.Factory factory, HolderLedger ledger, OptionalLong serverPid)
            throws IOException, InterruptedException {
        int count = options.workers();
        List<Driver> drivers = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                drivers.add(factory.open(i));
            }
        } catch (IOException e) {
            closeAll(drivers);
            throw new IOException("worker " + drivers.size() + " could not connect: " + e.getMessage(), e);
        }
        CountDownLatch gate = new CountDownLatch(1);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        List<Worker> workers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Worker worker = new Worker(i, count, drivers.get(i), factory, options.keys(), ledger, gate, measureFrom, end);
            worker.thread.start();
            workers.add(worker);
        }
        gate.countDown();
        parkUntil(measureFrom);
        OptionalDouble cpuBefore = cpu(serverPid);
        long measuredFrom = System.nanoTime();
        parkUntil(end);
        OptionalDouble cpuAfter = cpu(serverPid);
        long measuredTo = System.nanoTime();
        Histogram latency = new Histogram(3);
        long ops = 0;
        long timeouts = 0;
        long errors = 0;
        for (Worker worker : workers) {
            worker.thread.join();
            latency.add(worker.latency);
            ops += worker.ops;
            timeouts += worker.timeouts;
            errors += worker.errors;
        }
        double seconds = (measuredTo - measuredFrom) / 1e9;
        OptionalDouble cpuSeconds = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? OptionalDouble.of(cpuAfter.getAsDouble() - cpuBefore.getAsDouble()) : OptionalDouble.empty();
        return new RunResult(options.scenarioLabel(), options.transport(), count, options.keys().label(),
                options.limit(), seconds, ops, ops / seconds, timeouts, errors, ledger.violations(),
                ledger.firstViolation(), LatencySummary.of(latency), cpuSeconds);
    }

    private static OptionalDouble cpu(OptionalLong pid) {
        if (pid.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(ServerCpu.seconds(pid.getAsLong()));
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static void closeAll(List<Driver> drivers) {
        for (Driver driver : drivers) {
            try {
                driver.close();
            } catch (IOException e) {
                // Best effort: the run is over for this driver either way.
            }
        }
    }

    /** One worker: its thread, driver and private counters (read by the coordinator after join). */
    private static final class Worker implements Runnable {
        final Thread thread;
        final Histogram latency = new Histogram(3);
        long ops;
        long timeouts;
        long errors;

        private final int index;
        private final int workerCount;
        private final Driver.Factory factory;
        private final KeyLayout keys;
        private final CountDownLatch gate;
        private final long measureFrom;
        private final long end;
        private Driver driver;

        Worker(int index, int workerCount, Driver driver, Driver.Factory factory, KeyLayout keys, HolderLedger ledger,
                CountDownLatch gate, long measureFrom, long end) {
            this.index = index;
            this.workerCount = workerCount;
            this.driver = driver;
            this.factory = factory;
            this.keys = keys;
            this.gate = gate;
            this.measureFrom = measureFrom;
            this.end = end;
            this.thread = new Thread(this, "load-worker-" + index);
        }

        @Override
        public void run() {
            try {
                gate.await();
                loop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeAll(driver == null ? List.of() : List.of(driver));
            }
        }

        private void loop() {
            long op = 0;
            for (long begin = System.nanoTime(); begin < end; begin = System.nanoTime(), op++) {
                Driver.Outcome outcome = operate(keys.keyIndex(index, workerCount, op));
                long took = System.nanoTime() - begin;
                if (begin < measureFrom) {
                    continue;
                }
                switch (outcome) {
                    case OK:
                    case VIOLATION:
                        ops++;
                        latency.recordValue(took);
                        break;
                    case TIMEOUT:
                        timeouts++;
                        break;
                    case ERROR:
                        errors++;
                        break;
                    default:
                        throw new IllegalStateException("unhandled outcome: " + outcome);
                }
            }
        }

        /** One op; a broken connection counts as an error and is replaced before the next op. */
        private Driver.Outcome operate(int key) {
            if (driver == null && !reconnect()) {
                return Driver.Outcome.ERROR;
            }
            try {
                return driver.operate(key);
            } catch (IOException e) {
                closeAll(List.of(driver));
                driver = null;
                return Driver.Outcome.ERROR;
            }
        }

        private boolean reconnect() {
            try {
                driver = factory.open(index);
                return true;
            } catch (IOException e) {
                // Do not spin on a refusing server; the pause is bounded by the run's end.
                LockSupport.parkNanos(Math.min(RECONNECT_PAUSE_NANOS, Math.max(0, end - System.nanoTime())));
                return false;
            }
        }
    }
}
