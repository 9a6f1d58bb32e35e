package io.polycache.core;

import org.jspecify.annotations.Nullable;

/**
 * One entry that left a cache, as a {@link CacheRemovalListener} hears of it.
 * <p>The key is the application's key object on local memory; on a store shared between
 * processes (file system, memcached, redis) it is the key's stored string form: a
 * {@code String} key is itself, others are tagged ({@code ~long:42}), and a form longer
 * than 512 characters is a hash ({@code ~sha256:…}). The value is the removed value where
 * the store holds it in memory (local memory); {@code null} where getting it would take
 * extra I/O (file system, memcached, redis), and for a cached {@code null}.
 * @param cacheName the cache's name
 * @param key the key, as described above
 * @param value the removed value, or {@code null} as described above
 * @param cause why the entry left
 */
public record CacheRemoval(String cacheName, Object key, @Nullable Object value, RemovalCause cause) {

}
