package io.polycache.core;

/**
 * Which entry a bounded store evicts when a new key is put into it while it is full.
 * The entry being put is never the victim, and expired entries are always removed
 * before any live entry is evicted.
 */
public enum EvictionPolicy {

	/** The entry inserted longest ago; overwriting an entry does not change its age. */
	FIFO,

	/** The entry inserted most recently. */
	LIFO,

	/** The entry used least recently; reads that hit and writes are uses. */
	LRU,

	/** The entry used most recently; reads that hit and writes are uses. */
	MRU,

	/** The entry used least often; among equals, the least recently used. */
	LFU,

	/** A uniformly random entry. */
	RANDOM

}
