/**
 * The backend SPI: what a backend implements to be one of Polycache's cache types.
 * <p>A backend is one {@link io.polycache.spi.BackendProvider} bean. It names its type (as
 * written in {@code cache.backends.<name>.type}), declares its
 * {@link io.polycache.spi.BackendTraits traits}, binds its own property group and opens a
 * {@link io.polycache.spi.CacheStore} for each cache of its type. Everything else (keys,
 * values, TTLs, loading, refresh-ahead, statistics, fail-open, the outage guard) Polycache
 * applies on top, the same for every backend.
 * <p>This package also holds what a provider touches while opening a store: the
 * {@link io.polycache.spi.StoreContext} it gets, how keys and values become what the store
 * holds ({@link io.polycache.spi.KeyMapper}, {@link io.polycache.spi.ValueCodec}), and
 * {@link io.polycache.spi.StoreEvents}, where the store reports what it removes and why
 * (evictions, expirations and, for removal listeners, every removal with its cause).
 * Their implementations live in {@code io.polycache.internal}, which is not API.
 */
@NullMarked
package io.polycache.spi;

import org.jspecify.annotations.NullMarked;
