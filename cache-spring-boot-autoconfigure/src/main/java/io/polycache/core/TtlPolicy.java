package io.polycache.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the TTL of one entry from the cache name, the key and the value, for example a
 * shorter one for empty results. Consulted on every write that does not give its own TTL:
 * {@code put}, {@code putIfAbsent}, {@code putAll} and values stored by a loader
 * ({@code @Cacheable}).
 * <p>Declare one as a bean and every Polycache cache uses it:
 * <pre class="code">
 * &#64;Bean
 * TtlPolicy shortTtlForEmptyResults() {
 *     return (cacheName, key, value) -&gt; (value instanceof Collection&lt;?&gt; c &amp;&amp; c.isEmpty())
 *             ? Duration.ofSeconds(30) : null;
 * }
 * </pre>
 * Must be thread-safe and fast: it runs on the caller's thread for every write.
 */
@FunctionalInterface
public interface TtlPolicy {

	/**
	 * The TTL for this entry, {@link Duration#ZERO} for none, or {@code null} to keep the
	 * cache's configured TTL.
	 * @param value the value being cached; {@code null} for a cached {@code null}
	 */
	@Nullable Duration ttl(String cacheName, Object key, @Nullable Object value);

}
