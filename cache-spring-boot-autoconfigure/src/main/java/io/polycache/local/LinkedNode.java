package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/** A {@link Node} that sits in a {@link NodeList}, for the policies that keep entries in order. */
class LinkedNode extends Node {

	/** Neighbours in the policy's order. Guarded by the eviction lock. */
	@Nullable LinkedNode prev;

	@Nullable LinkedNode next;

	LinkedNode(Object key, Object value) {
		super(key, value);
	}

	/** Whether a policy took it out of its list for good: {@link NodeList#remove} links it to itself. */
	@Override
	boolean isRemoved() {
		return this.next == this;
	}

	/** A {@link LinkedNode} that keeps its own expiry. */
	static final class ExpiringLinkedNode extends LinkedNode {

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
