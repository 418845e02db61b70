package io.dflockd.server;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Step 1 of the start-up sequence (SERVER.md §7.1) without side effects: parses the arguments, applies the
 * environment, resolves the auth token, loads the TLS material and validates everything, then says either how to
 * exit or what to launch. It never exits the JVM and never logs, so tests drive it in-process with an injected
 * environment and writers.
 */
final class Cli {
    /** Normal end: {@code --help}, {@code --version}. */
    static final int EXIT_OK = 0;
    /** Invalid configuration, including a bad environment value and unusable TLS material or token. */
    static final int EXIT_CONFIG = 1;
    /** Command-line usage error: unknown flag, missing value, value of the wrong form, positional argument. */
    static final int EXIT_USAGE = 2;

    private final Map<String, String> environment;

    /** @param environment the process environment; empty values count as unset */
    Cli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What {@link #parse} decided. */
    sealed interface Outcome permits Exit, Launch {
    }

    /** Exit now with this status; anything to print has been printed. */
    record Exit(int status) implements Outcome {
    }

    /** Start the server with this plan. */
    record Launch(LaunchPlan plan) implements Outcome {
    }

    /**
     * Parses and validates. Help and version go to {@code out}; the one-line reason of a non-zero exit goes to
     * {@code err}.
     */
    Outcome parse(String[] args, PrintWriter out, PrintWriter err) {
        ServerCommand command = new ServerCommand();
        CommandLine commandLine = commandLine(command);
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            printReason(err, e.getMessage() + " (see --help)");
            return new Exit(EXIT_USAGE);
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(out);
            out.flush();
            return new Exit(EXIT_OK);
        }
        if (commandLine.isVersionHelpRequested()) {
            commandLine.printVersionHelp(out);
            out.flush();
            return new Exit(EXIT_OK);
        }
        try {
            return new Launch(plan(command));
        } catch (ConfigException e) {
            printReason(err, e.getMessage());
            return new Exit(EXIT_CONFIG);
        }
    }

    /** The one-line reason of a non-zero exit (SERVER.md §1.2); line breaks inside a message are flattened. */
    static void printReason(PrintWriter err, String reason) {
        err.println("dflockd: " + reason.replaceAll("[\\r\\n]+", " ").strip());
        err.flush();
    }

    private LaunchPlan plan(ServerCommand command) throws ConfigException {
        ServerSettings settings = new SettingsResolver(environment).resolve(command);
        AuthTokenResolver.Resolution auth =
                new AuthTokenResolver(environment).resolve(command.authToken, command.authTokenFile);
        Optional<SSLContext> tls = settings.tls().isPresent()
                ? Optional.of(TlsMaterial.load(settings.tls().get()))
                : Optional.empty();
        return new LaunchPlan(settings, tls, auth.token(), auth.warnings());
    }

    /** The picocli parser as configured for dflockd: no {@code @file} expansion, a repeated flag's last value wins. */
    static CommandLine commandLine(ServerCommand command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setExpandAtFiles(false);
        commandLine.setOverwrittenOptionsAllowed(true);
        return commandLine;
    }
}
