/**
 * Polycache's user API, and only that: the {@link io.polycache.core.ExtendedCache} every
 * cache implements, its {@link io.polycache.core.CacheStatistics}, the resolved
 * {@link io.polycache.core.CacheSettings} with their eviction policies and rules, the
 * {@link io.polycache.core.TtlPolicy} and {@link io.polycache.core.CacheWarmer} beans an
 * application may declare (a warmer fills its cache through a {@link io.polycache.core.WarmUp}),
 * value serialization
 * ({@link io.polycache.core.ValueSerializer}, its type and failure) and the
 * {@link io.polycache.core.PolycacheCacheManager}.
 * <p>What a backend implements is in {@code io.polycache.spi}; the implementation behind
 * both is in {@code io.polycache.internal}, which is not API. Depends on no backend and on
 * no other Polycache package.
 */
@NullMarked
package io.polycache.core;

import org.jspecify.annotations.NullMarked;
