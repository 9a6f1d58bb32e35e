package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;

/**
 * Settings of one cache to change while it runs ({@link AssembledCache#change}); a
 * {@code null} component keeps its setting.
 *
 * @param maxEntries the new {@code max-entries}, {@code 0} for unbounded
 * @param ttl the new {@code ttl} of entries written from now on, {@link Duration#ZERO}
 * for no expiry
 * @param nearMaxEntries the new {@code near.max-entries}, positive
 * @param nearTtl the new {@code near.ttl} of near copies filled from now on,
 * {@link Duration#ZERO} for none
 */
public record SettingsChange(@Nullable Long maxEntries, @Nullable Duration ttl, @Nullable Long nearMaxEntries,
		@Nullable Duration nearTtl) {

	/**
	 * The settings of a cache just before and just after one change, read under the same
	 * lock as the change, so concurrent changes each see their own old values.
	 */
	public record Applied(CacheSettings before, CacheSettings after) {
	}

	/** Whether it changes nothing at all. */
	public boolean isEmpty() {
		return this.maxEntries == null && this.ttl == null && this.nearMaxEntries == null && this.nearTtl == null;
	}

	/** Whether it changes the near tier. */
	boolean touchesNear() {
		return this.nearMaxEntries != null || this.nearTtl != null;
	}

	/** The property names, under the cache, of the main tier's settings it changes. */
	List<String> mainSettings() {
		List<String> names = new ArrayList<>(2);
		if (this.maxEntries != null) {
			names.add("max-entries");
		}
		if (this.ttl != null) {
			names.add("ttl");
		}
		return names;
	}

	/** The property names, under the cache, of the near tier's settings it changes. */
	List<String> nearSettings() {
		List<String> names = new ArrayList<>(2);
		if (this.nearMaxEntries != null) {
			names.add("near.max-entries");
		}
		if (this.nearTtl != null) {
			names.add("near.ttl");
		}
		return names;
	}

	/**
	 * Checks the values alone, whatever the cache.
	 * @throws IllegalArgumentException naming the first value out of range
	 */
	void checkValues() {
		if (this.maxEntries != null && this.maxEntries < 0) {
			throw new IllegalArgumentException("max-entries must be 0 (unbounded) or more: " + this.maxEntries);
		}
		if (this.ttl != null && this.ttl.isNegative()) {
			throw new IllegalArgumentException("ttl must not be negative: " + this.ttl);
		}
		if (this.nearMaxEntries != null && this.nearMaxEntries <= 0) {
			throw new IllegalArgumentException("near.max-entries must be positive (0 would mean no near tier): "
					+ this.nearMaxEntries);
		}
		if (this.nearTtl != null && this.nearTtl.isNegative()) {
			throw new IllegalArgumentException("near.ttl must not be negative: " + this.nearTtl);
		}
	}

}
