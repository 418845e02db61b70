package io.dflockd.bench.load;

/** A command line the load tool cannot run: the message says which value is wrong and why (exit code 2). */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
