package io.polycache.memcached;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Passes {@link MemcachedItem}s to and from xmemcached untouched: the cache's codec has
 * already serialized the value, so nothing is serialized, compressed or reinterpreted
 * here. The size limit is checked by the store, with a clearer message. Stateless.
 */
final class ItemTranscoder implements Transcoder<MemcachedItem> {

	static final ItemTranscoder INSTANCE = new ItemTranscoder();

	private ItemTranscoder() {
	}

	@Override
	public CachedData encode(MemcachedItem item) {
		return new CachedData(item.flags(), item.data(), Integer.MAX_VALUE, -1);
	}

	@Override
	public MemcachedItem decode(CachedData data) {
		return new MemcachedItem(data.getFlag(), data.getData());
	}

	@Override
	public void setPrimitiveAsString(boolean primitiveAsString) {
	}

	@Override
	public void setPackZeros(boolean packZeros) {
	}

	@Override
	public void setCompressionThreshold(int threshold) {
	}

	@Override
	public boolean isPrimitiveAsString() {
		return false;
	}

	@Override
	public boolean isPackZeros() {
		return false;
	}

	@Override
	public void setCompressionMode(CompressionMode mode) {
	}

}
