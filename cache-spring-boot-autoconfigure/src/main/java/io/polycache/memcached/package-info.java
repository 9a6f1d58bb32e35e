/**
 * The memcached store, over the xmemcached client: legal keys, records that carry their
 * own expiry, native counters, and {@code clear} by namespace generation. Loaded only when
 * xmemcached is on the classpath.
 */
@NullMarked
package io.polycache.memcached;

import org.jspecify.annotations.NullMarked;
