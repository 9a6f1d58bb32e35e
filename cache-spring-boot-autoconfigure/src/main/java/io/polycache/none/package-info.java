/**
 * The {@code none} backend: a cache that holds nothing, so every read misses and every
 * loader runs (for switching caching off without touching code). The store is public as
 * a base for stores that implement only a few operations.
 */
@NullMarked
package io.polycache.none;

import org.jspecify.annotations.NullMarked;
