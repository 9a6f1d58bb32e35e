/**
 * The backend-neutral heart of Polycache: the Spring {@link org.springframework.cache.Cache}
 * adapter ({@link io.polycache.core.StoreCache}), the store SPI every backend implements
 * ({@link io.polycache.core.CacheStore}), the extended API ({@link io.polycache.core.ExtendedCache}),
 * per-cache settings, key mapping, statistics and background expiry.
 * <p>Depends on no backend package.
 */
@NullMarked
package io.polycache.core;

import org.jspecify.annotations.NullMarked;

