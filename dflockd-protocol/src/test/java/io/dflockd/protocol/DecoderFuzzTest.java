package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated frames to the stream reader and the pure decoder, asserting that every frame yields a
 * typed result (never an exception), that the stream stays in three-line sync (a sentinel {@code ping} after each
 * fuzzed frame), that streaming and pure decoding agree, and that every accepted request re-encodes to itself.
 * Seeds are fixed so a failure reproduces.
 */
class DecoderFuzzTest {
    private static final int FRAMES = 100_000;
    private static final int BATCH = 2_000;
    private static final byte[] SENTINEL = bytes("ping\n_\n_\n");

    private static final String[] COMMANDS = {"l", "sl", "r", "sr", "n", "sn", "e", "se", "w", "sw", "ping",
        "stats", "auth", "L", "", "x", "pingx", "st", "s"};
    private static final String[] KEYS = {"k", "deploy-job", "_", "", "a b", "a\tb", "\u000B", "\u0000", "k\r",
        "\u00FF\u00C3"};
    private static final String[] ARGUMENTS = {"", "0", "10", "10 60", "10 5", "10 5 60", "+5", "007", "-1",
        "9223372036", "9223372037", "1.5", "0x10", "10s", "1048576", "1048577", "18ae810e00bf807b3f9c2a71d04e8b56",
        "18ae810e00bf807b3f9c2a71d04e8b56 60", " \t ", "a b c d", "\u001C", "9223372036854775808", "\u000B5\f"};

    @Test
    void randomAndMutatedFramesAlwaysDecodeToATypedResultInSync() throws IOException {
        Random random = new Random(0xD1F10CDL);
        int accepted = 0;
        int malformed = 0;
        for (int done = 0; done < FRAMES; done += BATCH) {
            List<byte[][]> frames = new ArrayList<>(BATCH);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < BATCH; i++) {
                byte[][] lines = {line(random, COMMANDS), line(random, KEYS), line(random, ARGUMENTS)};
                frames.add(lines);
                for (byte[] line : lines) {
                    wire.writeBytes(line);
                    wire.write('\n');
                }
                wire.writeBytes(SENTINEL);
            }
            RequestReader reader = new RequestReader(new LineReader(new RandomChunks(wire.toByteArray(), random), 16));
            for (byte[][] lines : frames) {
                FrameResult frame = reader.read();
                assertThat(frame).isInstanceOf(FrameResult.Complete.class);
                RequestResult streamed = ((FrameResult.Complete) frame).result();
                RequestResult pure = RequestDecoder.decode(stripCr(lines[0]), stripCr(lines[1]), stripCr(lines[2]));
                if (!streamed.equals(pure)) {
                    fail("stream and pure decoding differ for " + describe(lines) + ": " + streamed + " vs " + pure);
                }
                if (streamed instanceof Request) {
                    accepted++;
                    assertReEncodesToItself((Request) streamed);
                } else {
                    malformed++;
                }
                FrameResult sentinel = reader.read();
                if (!sentinel.equals(new FrameResult.Complete(new Request.Ping()))) {
                    fail("out of sync after " + describe(lines) + ": " + sentinel);
                }
            }
            assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
        }
        assertThat(accepted + malformed).isEqualTo(FRAMES);
        // Both outcomes must be well represented, or the generator is not exercising the decoder.
        assertThat(accepted).isGreaterThan(FRAMES / 20);
        assertThat(malformed).isGreaterThan(FRAMES / 20);
    }

    @Test
    void arbitraryBytesNeverThrowAndCutsAreReportedAsTheEnd() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 1_500; round++) {
            byte[] garbage = new byte[random.nextInt(2_000)];
            random.nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (random.nextInt(12) == 0) {
                    garbage[i] = '\n';
                }
            }
            RequestReader reader = new RequestReader(new LineReader(new RandomChunks(garbage, random), 16));
            int frames = 0;
            FrameResult frame;
            while ((frame = reader.read()) instanceof FrameResult.Complete) {
                frames++;
            }
            if (frame instanceof FrameResult.LineTooLong) {
                continue;
            }
            // Without an over-long line, the frames read are exactly the complete triples of lines.
            int lineFeeds = 0;
            for (byte b : garbage) {
                lineFeeds += b == '\n' ? 1 : 0;
            }
            assertThat(frames).isEqualTo(lineFeeds / 3);
            boolean cleanEnd = lineFeeds % 3 == 0 && (garbage.length == 0 || garbage[garbage.length - 1] == '\n');
            assertThat(frame).isEqualTo(new FrameResult.EndOfInput(!cleanEnd));
        }
    }

    @Test
    void replyAndStatsDecodersNeverThrowOnMutatedInput() {
        Random random = new Random(7);
        String[] replies = {"ok", "ok 18ae810e00bf807b3f9c2a71d04e8b56 33", "acquired t 5", "queued", "timeout",
            "ok 45", "error", "error_max_locks", "ok {\"connections\":1}", ""};
        for (int i = 0; i < 20_000; i++) {
            byte[] line = mutate(bytes(replies[random.nextInt(replies.length)]), random);
            Command command = Command.values()[random.nextInt(Command.values().length)];
            ReplyResult result = ReplyDecoder.decode(command, line);
            assertThat(result).isNotNull();
            if (result instanceof Response) {
                byte[] encoded = ResponseEncoder.encode((Response) result);
                assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
            }
        }
        byte[] json = StatsJson.write(new ServerStats(3,
                List.of(new ServerStats.LockEntry(bytes("deploy-job"), 7, 57_204_000_000L, 1)),
                List.of(new ServerStats.SemaphoreEntry(bytes("rate"), 5, 2, 0)),
                List.of(new ServerStats.IdleEntry(bytes("nightly"), 12_500_000_000L)), List.of()));
        int parsed = 0;
        for (int i = 0; i < 2_000; i++) {
            StatsResult result = StatsJson.read(mutate(json, random));
            assertThat(result).isNotNull();
            parsed += result instanceof StatsResult.Parsed ? 1 : 0;
        }
        assertThat(parsed).isPositive();
    }

    private static void assertReEncodesToItself(Request request) throws IOException {
        byte[] frame = RequestEncoder.encode(request);
        FrameResult again = new RequestReader(new LineReader(new java.io.ByteArrayInputStream(frame))).read();
        if (!again.equals(new FrameResult.Complete(request))) {
            fail(request + " re-encoded as " + Printable.of(frame, 0, frame.length) + " decodes to " + again);
        }
    }

    /** A line (no LF) from the corpus, mutated half of the time, within the 256-byte cap even with a CR. */
    private static byte[] line(Random random, String[] corpus) {
        byte[] line = bytes(corpus[random.nextInt(corpus.length)]);
        if (random.nextBoolean()) {
            line = mutate(line, random);
        }
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n') {
                line[i] = (byte) random.nextInt(256);
                line[i] = line[i] == '\n' ? 0 : line[i];
            }
        }
        if (line.length > 255) {
            line = Arrays.copyOf(line, 255);
        }
        if (random.nextInt(5) == 0) {
            line = Arrays.copyOf(line, line.length + 1);
            line[line.length - 1] = '\r';
        }
        return line;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] out = original.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int op = random.nextInt(5);
            if (op == 0 && out.length > 0) {
                out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            } else if (op == 1) {
                int at = random.nextInt(out.length + 1);
                byte[] grown = new byte[out.length + 1];
                System.arraycopy(out, 0, grown, 0, at);
                grown[at] = interestingByte(random);
                System.arraycopy(out, at, grown, at + 1, out.length - at);
                out = grown;
            } else if (op == 2 && out.length > 0) {
                int at = random.nextInt(out.length);
                byte[] shrunk = new byte[out.length - 1];
                System.arraycopy(out, 0, shrunk, 0, at);
                System.arraycopy(out, at + 1, shrunk, at, out.length - at - 1);
                out = shrunk;
            } else if (op == 3) {
                out = Arrays.copyOf(out, out.length + 3);
                byte[] digits = bytes(Integer.toString(random.nextInt(1000)));
                System.arraycopy(digits, 0, out, out.length - 3, Math.min(3, digits.length));
            } else if (out.length > 1) {
                out = Arrays.copyOf(out, random.nextInt(out.length));
            }
        }
        return out;
    }

    private static byte interestingByte(Random random) {
        byte[] interesting = {' ', '\t', 0x0B, '\f', '\r', 0x1C, 0x00, '+', '-', '0', '9', (byte) 0xFF, (byte) 0xC3};
        return interesting[random.nextInt(interesting.length)];
    }

    private static byte[] stripCr(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    private static String describe(byte[][] lines) {
        return Printable.of(lines[0], 0, lines[0].length) + " | " + Printable.of(lines[1], 0, lines[1].length) + " | "
                + Printable.of(lines[2], 0, lines[2].length);
    }

    /** Delivers the data in random chunk sizes (1..64 bytes). */
    private static final class RandomChunks extends InputStream {
        private final byte[] data;
        private final Random random;
        private int position;

        RandomChunks(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the line reader must read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(64)), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
