/**
 * Java client for dflockd servers: distributed, strictly FIFO locks and semaphores with leases, background renewal
 * and fencing tokens, over the dflockd TCP protocol.
 *
 * <ul>
 *   <li>{@link io.dflockd.client.DistributedLock} and {@link io.dflockd.client.DistributedSemaphore}: one holder of
 *       one key each; they pick the server ({@link io.dflockd.client.ShardFunction}), connect, acquire, renew the
 *       lease in the background and release. {@code AutoCloseable}.</li>
 *   <li>{@link io.dflockd.client.DflockdConnection}: one connection with one method per protocol command.</li>
 *   <li>{@link io.dflockd.client.Tokens}, {@link io.dflockd.client.Stats}: fences and the stats model.</li>
 *   <li>{@link io.dflockd.client.DflockdException} and its subclasses: one per server error status, plus network and
 *       protocol failures. A timeout is never an exception.</li>
 * </ul>
 *
 * <p>Tokens are bearer capabilities: nothing in this package prints a token's salt.
 */
package io.dflockd.client;
