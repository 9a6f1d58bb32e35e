package io.polycache.memcached;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.utils.ByteUtils;
import org.jspecify.annotations.Nullable;

/**
 * memcached's {@code incr} and {@code decr} as the protocol defines them: a missing key is
 * reported, not created. Every {@code incr}/{@code decr} method of xmemcached answers
 * {@code NOT_FOUND} by adding the key itself, with no flags and, unless told, no expiry;
 * a counter evicted between the store's read and its {@code incr} would come back without
 * the expiry it must have (a rate-limit window that never ends). So the command is sent
 * through xmemcached's connector directly, over the text protocol the store uses.
 * <p>Stateless and thread-safe.
 */
final class CounterCommand {

	private static final CommandFactory TEXT = new TextCommandFactory();

	private CounterCommand() {
	}

	/**
	 * Adds {@code delta} to the counter under {@code key} ({@code incr}), or subtracts it
	 * ({@code decr}, which stops at zero).
	 * @return the new value, or {@code null} if memcached holds no item under the key
	 * @throws MemcachedException if the item is not a number, or memcached failed
	 */
	static @Nullable Long apply(MemcachedClient client, String key, long delta, boolean increment, long timeoutMillis)
			throws TimeoutException, InterruptedException, MemcachedException {
		CommandFactory factory = (client instanceof XMemcachedClient xmemcached) ? xmemcached.getCommandFactory()
				: TEXT;
		if (!(factory instanceof TextCommandFactory)) {
			throw new IllegalStateException("memcached counters need the text protocol, not " + factory);
		}
		Command command = factory.createIncrDecrCommand(key, ByteUtils.getBytes(key), delta, 0, 0,
				increment ? CommandType.INCR : CommandType.DECR, false);
		client.getConnector().send(command);
		if (!command.getLatch().await(timeoutMillis, TimeUnit.MILLISECONDS)) {
			command.cancel();
			throw new TimeoutException("Timed out (" + timeoutMillis + " ms) waiting for " + command.getCommandType());
		}
		Exception failure = command.getException();
		if (failure != null) {
			throw (failure instanceof MemcachedException memcached) ? memcached : new MemcachedException(failure);
		}
		Object result = command.getResult();
		if (result instanceof Long value) {
			return value;
		}
		if ("NOT_FOUND".equals(result)) {
			return null;
		}
		throw new MemcachedException("Unexpected answer to " + command.getCommandType() + ": " + result);
	}

}
