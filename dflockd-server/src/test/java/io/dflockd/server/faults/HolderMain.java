package io.dflockd.server.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The client process that {@link ClientKillIT} kills with SIGKILL: it connects to the server, sends
 * {@code l <key> 0 <lease>}, prints the reply line and then holds the grant until it is killed. A closed standard
 * input (the test JVM has gone) ends it, so it never outlives the test.
 *
 * <p>Usage: {@code HolderMain <port> <key> <lease seconds>}.
 */
public final class HolderMain {
    private HolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (LineClient client = LineClient.connect(Integer.parseInt(args[0]))) {
            String reply = client.request("l", args[1], "0 " + args[2]);
            System.out.write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
            System.out.flush();
            while (System.in.read() >= 0) {
                // Holding: only SIGKILL or the end of standard input gets past this loop.
            }
        }
    }
}
