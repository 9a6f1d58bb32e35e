package io.polycache.core;

import io.polycache.core.EvictionRule.End;

/**
 * Which entry a bounded store evicts when a new key is put into it while it is full.
 * The entry being put is never the victim, and expired entries are always removed
 * before any live entry is evicted. Each policy's {@link #rule() rule} is the one
 * definition both bounded stores and the tests follow.
 */
public enum EvictionPolicy {

	/** The entry inserted longest ago; overwriting an entry does not change its age. */
	FIFO(EvictionRule.byInsertion(End.LOWEST)),

	/** The entry inserted most recently. */
	LIFO(EvictionRule.byInsertion(End.HIGHEST)),

	/** The entry used least recently; reads that hit and writes are uses. */
	LRU(EvictionRule.byLastUse(End.LOWEST)),

	/** The entry used most recently; reads that hit and writes are uses. */
	MRU(EvictionRule.byLastUse(End.HIGHEST)),

	/** The entry used least often; among equals, the least recently used. */
	LFU(EvictionRule.byUseCount(End.LOWEST)),

	/** A uniformly random entry. */
	RANDOM(EvictionRule.random());

	private final EvictionRule rule;

	EvictionPolicy(EvictionRule rule) {
		this.rule = rule;
	}

	/** Which entry this policy evicts, as data a store builds its bookkeeping from. */
	public EvictionRule rule() {
		return this.rule;
	}

}
