package io.dflockd.server;

/**
 * Configures slf4j-simple through its system properties. slf4j-simple reads them once, when the first logger is
 * created, so {@link #configure} must run before any class with a logger is touched: {@link Main} calls it right
 * after the command line has been validated (validation itself never logs).
 */
final class LogSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    /**
     * Logs go to stderr at INFO, or DEBUG when {@code debug}; one line per event with an ISO-8601 timestamp. The level
     * always follows {@code --debug}; the other properties can still be overridden with {@code -D} in JAVA_OPTS.
     */
    static void configure(boolean debug) {
        System.setProperty(PREFIX + "defaultLogLevel", debug ? "debug" : "info");
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("showThreadName", "false");
        setIfAbsent("showLogName", "false");
        setIfAbsent("showShortLogName", "true");
        setIfAbsent("levelInBrackets", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
