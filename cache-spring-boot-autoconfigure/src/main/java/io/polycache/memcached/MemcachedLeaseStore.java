package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import org.jspecify.annotations.Nullable;

import io.polycache.internal.LeaseBytes;
import io.polycache.spi.LeaseStore;

/**
 * Leases as memcached items, under the cache's lease keys
 * ({@link MemcachedKeys#leaseKeys()}: {@code {key-prefix}{cache}:lease:k2:{version}:{key}},
 * made legal for memcached as entry keys are; a key that is not legal is refused). Each
 * holds its value as UTF-8, with flags of its own ({@link #LEASE_FLAGS}), and the server's
 * expiry: the TTL rounded up to whole seconds, plus one for the second already under way
 * ({@link ServerExpiry}), so a lease lasts at least its TTL and at most about two seconds
 * more; beyond 30 days it is sent as an absolute time.
 * <p>Taking a free lease is one {@code add}. Changing a held one is a {@code gets} and a
 * {@code cas}. Removing one is a {@code gets} and a {@code cas} to an empty item whose
 * absolute expiry lies in 1970 ({@link #GONE}): memcached drops such an item at once, so
 * that is a compare-and-delete, since memcached's text protocol has no {@code delete}
 * guarded by a cas value. An item at a lease key that is no lease (other flags, or bytes
 * that are not a lease value) reads as free and is taken over with a {@code gets} and a
 * {@code cas}.
 * <p>Lease keys carry no namespace generation, so a {@code clear} leaves leases alone.
 * <p>Thread-safe. Each call is bounded by the client's operation timeout.
 */
final class MemcachedLeaseStore implements LeaseStore {

	/** The flags of a lease item: {@code LEAS} in ASCII. */
	static final int LEASE_FLAGS = 0x4C454153;

	/**
	 * An expiry memcached reads as absolute, and past: 30 days and a second after the epoch.
	 * An item stored with it is dropped at once.
	 */
	static final int GONE = (int) ServerExpiry.MAX_RELATIVE_SECONDS + 1;

	private static final MemcachedItem TOMBSTONE = new MemcachedItem(0, new byte[0]);

	/** How often taking a free lease is tried when what holds the key keeps changing. */
	private static final int MAX_ATTEMPTS = 4;

	private final SharedMemcachedClient shared;

	private final MemcachedClient client;

	private final Clock wallClock;

	private final long timeout;

	MemcachedLeaseStore(SharedMemcachedClient shared, Clock wallClock) {
		this.shared = shared;
		this.client = shared.nativeClient();
		this.wallClock = wallClock;
		this.timeout = shared.settings().operationTimeout().toMillis();
	}

	@Override
	public @Nullable String get(String key) {
		String serverKey = legal(key);
		return value(call("get", serverKey,
				() -> this.client.get(serverKey, this.timeout, ItemTranscoder.INSTANCE)));
	}

	@Override
	public boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
		LeaseBytes.checkTtl(ttl);
		MemcachedItem item = (update != null) ? new MemcachedItem(LEASE_FLAGS, LeaseBytes.encode(update))
				: TOMBSTONE;
		int exptime = (update != null) ? ServerExpiry.exptime(ttl, this.wallClock.millis()) : GONE;
		String serverKey = legal(key);
		if (expected == null) {
			return (update != null) ? take(serverKey, item, exptime) : get(key) == null;
		}
		GetsResponse<MemcachedItem> present = gets(serverKey);
		return present != null && expected.equals(value(present.getValue()))
				&& cas(serverKey, exptime, item, present.getCas());
	}

	/** Takes a free lease: one {@code add}, unless the key holds something that is no lease. */
	private boolean take(String serverKey, MemcachedItem item, int exptime) {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			if (call("add", serverKey,
					() -> this.client.add(serverKey, exptime, item, ItemTranscoder.INSTANCE, this.timeout))) {
				return true;
			}
			GetsResponse<MemcachedItem> present = gets(serverKey);
			if (present == null) {
				// Released or expired since the add: try again.
				continue;
			}
			if (value(present.getValue()) != null) {
				return false;
			}
			if (cas(serverKey, exptime, item, present.getCas())) {
				return true;
			}
		}
		// Others kept changing the key: as good as held.
		return false;
	}

	/** The key, which must be legal for memcached, as {@link MemcachedKeys#leaseKey} makes every lease key. */
	private static String legal(String key) {
		if (!MemcachedKeys.isLegal(key)) {
			throw new IllegalArgumentException("Not a memcached key (printable ASCII, no space, at most "
					+ MemcachedKeys.MAX_KEY_BYTES + " bytes): '" + key + "'");
		}
		return key;
	}

	/** The lease value an item holds, or {@code null} if it is none. */
	private static @Nullable String value(@Nullable MemcachedItem item) {
		return (item != null && item.flags() == LEASE_FLAGS) ? LeaseBytes.decode(item.data()) : null;
	}

	private @Nullable GetsResponse<MemcachedItem> gets(String serverKey) {
		return call("gets", serverKey, () -> this.client.gets(serverKey, this.timeout, ItemTranscoder.INSTANCE));
	}

	private boolean cas(String serverKey, int exptime, MemcachedItem item, long cas) {
		return call("cas", serverKey,
				() -> this.client.cas(serverKey, exptime, item, ItemTranscoder.INSTANCE, this.timeout, cas));
	}

	private <T> T call(String operation, String serverKey, MemcachedCalls.Call<T> call) {
		return MemcachedCalls.call(this.shared, operation, serverKey, call);
	}

	@Override
	public String toString() {
		return "leases on " + this.shared;
	}

}
