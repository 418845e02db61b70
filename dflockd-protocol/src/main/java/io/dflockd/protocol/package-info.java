/**
 * The dflockd TCP wire codec (PROTOCOL.md), pure bytes in and out: no sockets, no engine types, no configuration.
 *
 * <h2>Server side</h2>
 * <pre>{@code
 * LineReader lines = new LineReader(socket.getInputStream());
 * RequestReader requests = new RequestReader(lines);
 * while (lines.awaitInput()) {                                // idle: the idle timeout is the socket's business
 *     FrameResult frame = requests.read(line -> armReadDeadline());   // per-line read timeout (§8.1)
 *     // Complete(Request | MalformedRequest), LineTooLong(index) -> requests.discardLine(), error, close,
 *     // EndOfInput(midFrame) -> close
 *     out.write(ResponseEncoder.encode(new Response.Granted(token, lease)));   // one write per reply
 * }
 * }</pre>
 * While a command blocks, a watcher may call {@link io.dflockd.protocol.LineReader#fill(int)} and
 * {@link io.dflockd.protocol.LineReader#buffered()} to notice EOF or more than
 * {@link io.dflockd.protocol.WireRules#MAX_PIPELINED_BYTES_WHILE_BLOCKED} pipelined bytes (§10).
 * {@link io.dflockd.protocol.StatsJson#write} renders the stats model; {@code ResponseEncoder.stats(json)} wraps it.
 *
 * <h2>Client side</h2>
 * {@link io.dflockd.protocol.RequestEncoder#encode} writes a request record as its three lines;
 * {@link io.dflockd.protocol.LineReader} reads the reply line and {@link io.dflockd.protocol.ReplyDecoder#decode}
 * checks it against the command sent; {@link io.dflockd.protocol.StatsJson#read} parses the stats JSON.
 * {@link io.dflockd.protocol.WireRules} holds the limits and the client-side argument checks.
 *
 * <p>Nothing here throws for bad input: decoders return typed results ({@link io.dflockd.protocol.MalformedRequest},
 * {@link io.dflockd.protocol.MalformedReply}, {@link io.dflockd.protocol.StatsResult.Malformed}). Constructors and
 * factories of the value types throw {@link java.lang.IllegalArgumentException} for misuse.
 */
package io.dflockd.protocol;
