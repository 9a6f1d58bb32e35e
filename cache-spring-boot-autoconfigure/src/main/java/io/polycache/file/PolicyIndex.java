package io.polycache.file;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.EvictionRule;
import io.polycache.file.EntryFile.Policy;

/**
 * What one process knows of the entries in a cache directory, in the order its eviction
 * policy needs: the victim is found in O(log n), as are expired entries.
 * <p>The index is advice, not truth: the files and the count in the {@link ControlFile}
 * are. An entry may be listed whose file another process has already deleted (deleting
 * it then finds nothing, and the next victim is taken), and entries another process wrote
 * appear only when this one reads them or rescans the directory.
 * <p>Each entry carries the policy metadata also kept in its file header: the insertion
 * stamp, the last-use stamp and the use count. The entries are sorted, next victim first,
 * by the comparator of the policy's {@link EvictionRule} (the one the local store and the
 * tests follow too), then by id. Stamps come from one clock-based sequence, so they order
 * entries across restarts and, roughly, across processes.
 * <p>Not thread-safe: the store guards it with its own monitor.
 */
final class PolicyIndex {

	/** One entry's bookkeeping. */
	static final class Node {

		final String id;

		long inserted;

		long used;

		long uses;

		long expiresAt;

		/** Whether the use metadata changed since it was last written to the file. */
		boolean dirty;

		/** The position in the RANDOM policy's list. */
		int slot = -1;

		Node(String id, Policy policy, long expiresAt) {
			this.id = id;
			this.inserted = policy.inserted();
			this.used = policy.used();
			this.uses = policy.uses();
			this.expiresAt = expiresAt;
		}

		Policy policy() {
			return new Policy(this.inserted, this.used, this.uses);
		}

	}

	private static final Comparator<Node> BY_ID = Comparator.comparing(node -> node.id);

	private final Map<String, Node> nodes = new HashMap<>();

	private final @Nullable NavigableSet<Node> order;

	private final List<Node> randomOrder = new ArrayList<>();

	private final NavigableSet<Node> expiries = new TreeSet<>(
			Comparator.<Node>comparingLong(node -> node.expiresAt).thenComparing(BY_ID));

	private final boolean tracksReads;

	private final RandomGenerator random;

	PolicyIndex(EvictionPolicy policy, RandomGenerator random) {
		this(policy.rule(), random);
	}

	PolicyIndex(EvictionRule rule, RandomGenerator random) {
		this.tracksReads = rule.readsAreUses();
		this.random = random;
		this.order = (rule.ranking() == EvictionRule.Ranking.NONE) ? null
				: new TreeSet<>(rule.<Node>victimFirst(node -> node.inserted, node -> node.used, node -> node.uses)
					.thenComparing(BY_ID));
	}

	/** Whether reads change the victim order, so a read must be recorded. */
	boolean tracksReads() {
		return this.tracksReads;
	}

	@Nullable Node get(String id) {
		return this.nodes.get(id);
	}

	int size() {
		return this.nodes.size();
	}

	/** Adds or replaces the entry with this metadata. */
	Node put(String id, Policy policy, long expiresAt) {
		remove(id);
		Node node = new Node(id, policy, expiresAt);
		this.nodes.put(id, node);
		link(node);
		return node;
	}

	/** Adds the entry unless it is already known, as a rescan does. */
	void putIfAbsent(String id, Policy policy, long expiresAt) {
		if (!this.nodes.containsKey(id)) {
			put(id, policy, expiresAt);
		}
	}

	/** Records a use: a read that hit, for the policies that track reads. */
	void use(Node node, long stamp) {
		if (this.nodes.get(node.id) != node) {
			return;
		}
		unlink(node);
		node.used = stamp;
		node.uses++;
		node.dirty = true;
		link(node);
	}

	/** Merges metadata found in the file: uses recorded by other processes count too. */
	void merge(String id, Policy policy, long expiresAt) {
		Node node = this.nodes.get(id);
		if (node == null) {
			put(id, policy, expiresAt);
			return;
		}
		unlink(node);
		node.used = Math.max(node.used, policy.used());
		node.uses = Math.max(node.uses, policy.uses());
		node.inserted = policy.inserted();
		node.expiresAt = expiresAt;
		link(node);
	}

	@Nullable Node remove(String id) {
		Node node = this.nodes.remove(id);
		if (node != null) {
			unlink(node);
		}
		return node;
	}

	/** The entry the policy evicts next, never {@code excluded}; {@code null} if none. */
	@Nullable Node victim(@Nullable String excluded) {
		if (this.order == null) {
			int size = this.randomOrder.size();
			if (size == 0 || (size == 1 && this.randomOrder.get(0).id.equals(excluded))) {
				return null;
			}
			while (true) {
				Node candidate = this.randomOrder.get(this.random.nextInt(size));
				if (!candidate.id.equals(excluded)) {
					return candidate;
				}
			}
		}
		for (Node candidate : this.order) {
			if (!candidate.id.equals(excluded)) {
				return candidate;
			}
		}
		return null;
	}

	/** The entries whose expiry has passed, soonest first. */
	List<Node> expired(long now) {
		List<Node> expired = new ArrayList<>();
		for (Node node : this.expiries) {
			if (node.expiresAt > now) {
				break;
			}
			expired.add(node);
		}
		return expired;
	}

	/** The entries whose use metadata has not been written to their files yet. */
	List<Node> dirty() {
		List<Node> dirty = new ArrayList<>();
		for (Node node : this.nodes.values()) {
			if (node.dirty) {
				dirty.add(node);
			}
		}
		return dirty;
	}

	List<String> ids() {
		return new ArrayList<>(this.nodes.keySet());
	}

	void clear() {
		this.nodes.clear();
		if (this.order != null) {
			this.order.clear();
		}
		this.randomOrder.clear();
		this.expiries.clear();
	}

	private void link(Node node) {
		if (this.order != null) {
			this.order.add(node);
		}
		else {
			node.slot = this.randomOrder.size();
			this.randomOrder.add(node);
		}
		if (node.expiresAt != EntryFile.NEVER) {
			this.expiries.add(node);
		}
	}

	private void unlink(Node node) {
		if (this.order != null) {
			this.order.remove(node);
		}
		else if (node.slot >= 0) {
			Node last = this.randomOrder.remove(this.randomOrder.size() - 1);
			if (last != node) {
				this.randomOrder.set(node.slot, last);
				last.slot = node.slot;
			}
			node.slot = -1;
		}
		this.expiries.remove(node);
	}

}
