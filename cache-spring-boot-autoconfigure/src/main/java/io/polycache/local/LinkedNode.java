package io.polycache.local;

import org.jspecify.annotations.Nullable;

/** A {@link Node} that sits in a {@link NodeList}, for the policies that keep entries in order. */
class LinkedNode extends Node {

	/** Neighbours in the policy's order. Guarded by the eviction lock. */
	@Nullable LinkedNode prev;

	@Nullable LinkedNode next;

	LinkedNode(Object key, Object value) {
		super(key, value);
	}

}
