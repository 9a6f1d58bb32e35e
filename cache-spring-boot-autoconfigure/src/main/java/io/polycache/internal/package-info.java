/**
 * Polycache's implementation, not API: the cache over any store
 * ({@link io.polycache.internal.StoreCache}) and the one path that assembles it
 * ({@link io.polycache.internal.CacheAssembler}), key encoding, the value codecs and
 * serializers with their limits, loading and refresh-ahead, fail-open and the outage
 * guard, expiry sweeps, counters and rate-limited logging.
 * <p>No compatibility promise: anything here may change or go in any release. A type is
 * public only because another Polycache package (a backend, the auto-configuration) needs
 * it; everything else is package-private. Applications use {@code io.polycache.core}, and
 * backends {@code io.polycache.spi}.
 */
@NullMarked
package io.polycache.internal;

import org.jspecify.annotations.NullMarked;
