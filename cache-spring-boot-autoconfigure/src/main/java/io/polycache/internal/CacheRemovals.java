package io.polycache.internal;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.RemovalCause;
import io.polycache.spi.ValueCodec;
import io.polycache.spi.ValueCodec.Loaded;

/**
 * The removal reports of one cache that at least one listener hears: queued on the
 * store's thread as they are ({@link #queue}), turned into a {@link CacheRemoval} on the
 * {@link RemovalDispatcher}'s thread, where the store's key becomes the listener's and
 * the stored value is decoded.
 * <p>Thread-safe; the codec is set once the store is open, before it holds anything.
 */
public final class CacheRemovals {

	private static final Log logger = LogFactory.getLog(CacheRemovals.class);

	private final RemovalDispatcher dispatcher;

	private final String cacheName;

	private final List<CacheRemovalListener> listeners;

	private final KeyForm keys;

	private volatile @Nullable ValueCodec<Object> codec;

	private final LongAdder dropped = new LongAdder();

	CacheRemovals(RemovalDispatcher dispatcher, String cacheName, List<CacheRemovalListener> listeners, KeyForm keys) {
		this.dispatcher = dispatcher;
		this.cacheName = cacheName;
		this.listeners = listeners;
		this.keys = keys;
	}

	/** Sets how the store's values are read back, for a store that reports them. */
	@SuppressWarnings("unchecked") // The store reports values of the type its codec decodes.
	void decodeWith(ValueCodec<?> codec) {
		this.codec = (ValueCodec<Object>) codec;
	}

	/** Queues a removal; never blocks. */
	void queue(RemovalCause cause, Object storeKey, @Nullable Object stored) {
		this.dispatcher.queue(this, cause, storeKey, stored);
	}

	/** Counts a removal of this cache dropped because the queue was full or closed. */
	void countDrop() {
		this.dropped.increment();
	}

	/** How many removals of this cache were dropped because the queue was full or closed. */
	long dropped() {
		return this.dropped.sum();
	}

	String cacheName() {
		return this.cacheName;
	}

	List<CacheRemovalListener> listeners() {
		return this.listeners;
	}

	/** On the delivery thread: the removal as a listener sees it. */
	CacheRemoval toRemoval(RemovalCause cause, Object storeKey, @Nullable Object stored) {
		return new CacheRemoval(this.cacheName, this.keys.applicationForm(storeKey), value(stored), cause);
	}

	private @Nullable Object value(@Nullable Object stored) {
		ValueCodec<Object> codec = this.codec;
		if (stored == null || codec == null) {
			return null;
		}
		try {
			Object value = codec.decode(stored);
			if (value instanceof Loaded loaded) {
				value = loaded.value();
			}
			return (value == NullValue.INSTANCE) ? null : value;
		}
		catch (RuntimeException ex) {
			logger.debug("Cache '" + this.cacheName + "' reports a removed value it cannot read as null", ex);
			return null;
		}
	}

	/** Turns a store key into the key a listener sees. */
	@FunctionalInterface
	public interface KeyForm {

		/** The key a listener sees for the key the store reported. */
		Object applicationForm(Object storeKey);

		/** Keys as the store holds them: the application's own key objects, in this JVM. */
		static KeyForm asStored() {
			return (key) -> key;
		}

		/**
		 * String keys with their namespace taken off: what follows the first
		 * {@code versionPart} ({@code :k2:{version}:}), which only the namespace holds,
		 * since a cache name's colons are escaped; a key without it is left as it is.
		 */
		static KeyForm afterNamespace(String versionPart) {
			return (key) -> {
				if (key instanceof String string) {
					int at = string.indexOf(versionPart);
					return (at < 0) ? string : string.substring(at + versionPart.length());
				}
				return key;
			};
		}

	}

}
