package io.dflockd.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of {@link Cli#parse}: the outcome and what it printed. */
record CliRun(Cli.Outcome outcome, String out, String err) {

    static CliRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli.Outcome outcome = new Cli(environment).parse(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(outcome, out.toString(), err.toString());
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** The exit status, or -1 when the outcome is to launch. */
    int exitStatus() {
        return outcome instanceof Cli.Exit exit ? exit.status() : -1;
    }

    LaunchPlan plan() {
        if (outcome instanceof Cli.Launch launch) {
            return launch.plan();
        }
        throw new AssertionError("expected a launch, got " + outcome + " with stderr: " + err);
    }

    ServerSettings settings() {
        return plan().settings();
    }
}
