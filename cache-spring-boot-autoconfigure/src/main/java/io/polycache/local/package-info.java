/**
 * The in-process store: a concurrent map bounded by an exact eviction policy
 * (FIFO, LIFO, LRU, MRU, LFU or RANDOM) with millisecond TTLs.
 */
@NullMarked
package io.polycache.local;

import org.jspecify.annotations.NullMarked;
