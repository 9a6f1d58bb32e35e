package io.polycache.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.polycache.spi.InvalidationListener;
import io.polycache.spi.KeyNamespace;

/**
 * The pub/sub channel of one cache namespace and the messages on it.
 * <ul>
 * <li>The channel is the namespace's prefix followed by {@value #CHANNEL_SUFFIX}:
 * {@code shop:products:k2:1:~invalidations}. It starts like the cache's keys, so an ACL
 * that grants an application its key prefix ({@code ~shop:*}) can grant the same channel
 * pattern ({@code &shop:*}), and a new {@code version} or key format gets a new channel.</li>
 * <li>A message is either the full store key that was written or removed, as UTF-8, or
 * {@value #ALL}, meaning the cache was cleared (no store key is {@value #ALL}: every one
 * starts with the namespace's prefix).</li>
 * </ul>
 * Anyone who may publish on the server can publish on the channel, so a message is hostile
 * input: one that is neither of the two forms (another namespace's key, text that is not
 * UTF-8) is ignored, and one that starts with the prefix but is longer than
 * {@value #MAX_KEY_BYTES} bytes clears the near tier rather than being decoded, so the work
 * per message is bounded and a real change is never dropped. The worst a hostile publisher
 * can do is make near tiers drop copies, which costs reads, never correctness.
 * <p>Immutable and thread-safe.
 */
final class InvalidationMessages {

	static final String CHANNEL_SUFFIX = "~invalidations";

	/** The message that announces a clear. */
	static final String ALL = "*";

	/** The longest store key a message names; store keys of the key encoder's forms are far shorter. */
	static final int MAX_KEY_BYTES = 16 * 1024;

	private static final byte[] ALL_BYTES = RedisStore.bytes(ALL);

	private final byte[] prefix;

	private final byte[] channel;

	InvalidationMessages(KeyNamespace namespace) {
		this.prefix = RedisStore.bytes(namespace.prefix());
		this.channel = RedisStore.bytes(namespace.prefix() + CHANNEL_SUFFIX);
	}

	/** The channel's name, as UTF-8. */
	byte[] channel() {
		return this.channel.clone();
	}

	/** The message that announces a clear, as UTF-8. */
	static byte[] all() {
		return ALL_BYTES.clone();
	}

	/**
	 * Tells the listener what the message announces, or nothing if it is not a message of
	 * this namespace.
	 * @return whether the message was one of this namespace's
	 */
	boolean deliver(byte[] message, InvalidationListener listener) {
		if (Arrays.equals(message, ALL_BYTES)) {
			listener.invalidatedAll();
			return true;
		}
		if (!startsWithPrefix(message)) {
			return false;
		}
		if (message.length > this.prefix.length + MAX_KEY_BYTES) {
			listener.invalidatedAll();
			return true;
		}
		try {
			listener.invalidated(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(message))
				.toString());
			return true;
		}
		catch (CharacterCodingException notUtf8) {
			return false;
		}
	}

	private boolean startsWithPrefix(byte[] message) {
		return message.length >= this.prefix.length
				&& Arrays.equals(message, 0, this.prefix.length, this.prefix, 0, this.prefix.length);
	}

}
