package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A {@link Node} that sits in a {@link NodeList}, for the policies that keep entries in order. */
class LinkedNode extends Node {

	/**
	 * Neighbours in the policy's order, as indexes into its {@link NodeTable}: {@link NodeTable#NIL}
	 * for none, and {@code next} is {@link NodeTable#GONE} once removed. Guarded by the
	 * eviction lock.
	 */
	int prev;

	int next;

	LinkedNode(Object key, Object value) {
		super(key, value);
	}

	/** Whether a policy took it out of its list for good: {@link NodeList#remove} marks its link. */
	@Override
	boolean isRemoved() {
		return this.next == NodeTable.GONE;
	}

	/**
	 * A {@link LinkedNode} that keeps its own expiry. Not final only so that a test can
	 * land a write between a caller's reads of its expiry and its value.
	 */
	static class ExpiringLinkedNode extends LinkedNode {

		private static final VarHandle EXPIRES_AT = expiresAtHandle(MethodHandles.lookup());

		/** Guarded as {@link Node#keepsExpiry()} says. */
		private volatile long expiresAt;

		/** See {@link Node#expirySlot()}. */
		private int expirySlot = UNSCHEDULED;

		ExpiringLinkedNode(Object key, Object value, long expiresAt) {
			super(key, value);
			EXPIRES_AT.set(this, expiresAt);
		}

		@Override
		boolean keepsExpiry() {
			return true;
		}

		@Override
		long ownExpiry() {
			return this.expiresAt;
		}

		@Override
		void setOwnExpiry(long expiresAt) {
			EXPIRES_AT.setRelease(this, expiresAt);
		}

		@Override
		int expirySlot() {
			return this.expirySlot;
		}

		@Override
		void setExpirySlot(int slot) {
			this.expirySlot = slot;
		}

	}

}
