package io.polycache.core;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * Which entry a bounded store evicts, stated as data: the metadata entries are ranked by,
 * and the end of that ranking the victim is taken from. This is the one definition of the
 * eviction policies: each {@link EvictionPolicy} {@linkplain EvictionPolicy#rule() has one},
 * the local-memory store builds its O(1) structures from it, the file-system store orders
 * its index with {@link #victimFirst}, and the tests' reference model scans with the same
 * comparator.
 * <p>Every entry carries three pieces of metadata: its insertion stamp (set when the key
 * enters the store, kept when it is overwritten), its last-use stamp and its use count (one
 * on insertion, one more per use). A use is a read that hits or a write of a live entry.
 * Stamps grow with time, so the lowest stamp is the oldest.
 * <p>A rule can say only what both stores keep without a scan: one stamp from either end,
 * or the fewest uses with the last use from either end among equal counts, or a uniformly
 * random entry.
 * <p>Immutable and thread-safe.
 */
public final class EvictionRule {

	/** What entries are ranked by. */
	public enum Ranking {

		/** The insertion stamp. */
		INSERTION,

		/** The last-use stamp. */
		LAST_USE,

		/** The use count, fewest first; among equal counts, the last-use stamp. */
		USE_COUNT,

		/** No ranking: the victim is a uniformly random entry. */
		NONE

	}

	/** The end of a ranking the victim is taken from. */
	public enum End {

		/** The lowest value: the oldest stamp, the fewest uses. */
		LOWEST,

		/** The highest value: the newest stamp. */
		HIGHEST

	}

	private static final EvictionRule RANDOM = new EvictionRule(Ranking.NONE, End.LOWEST, null);

	private final Ranking ranking;

	private final End end;

	private final @Nullable End amongEqualCounts;

	private EvictionRule(Ranking ranking, End end, @Nullable End amongEqualCounts) {
		this.ranking = ranking;
		this.end = end;
		this.amongEqualCounts = amongEqualCounts;
	}

	/** Evicts by insertion stamp: the oldest ({@link End#LOWEST}) or the newest entry. */
	public static EvictionRule byInsertion(End end) {
		return new EvictionRule(Ranking.INSERTION, Objects.requireNonNull(end, "end"), null);
	}

	/** Evicts by last-use stamp: the least ({@link End#LOWEST}) or the most recently used entry. */
	public static EvictionRule byLastUse(End end) {
		return new EvictionRule(Ranking.LAST_USE, Objects.requireNonNull(end, "end"), null);
	}

	/**
	 * Evicts the entry with the fewest uses; among equal counts, the least
	 * ({@link End#LOWEST}) or the most recently used one, as {@code amongEqualCounts} says.
	 */
	public static EvictionRule byUseCount(End amongEqualCounts) {
		return new EvictionRule(Ranking.USE_COUNT, End.LOWEST, Objects.requireNonNull(amongEqualCounts, "amongEqualCounts"));
	}

	/** Evicts a uniformly random entry. */
	public static EvictionRule random() {
		return RANDOM;
	}

	public Ranking ranking() {
		return this.ranking;
	}

	/** The end of {@link #ranking()} the victim is taken from; always {@link End#LOWEST} for use counts. */
	public End end() {
		return this.end;
	}

	/**
	 * For {@link Ranking#USE_COUNT}: the end of the last-use ranking the victim is taken
	 * from among entries with equal counts; {@code null} for other rankings, which have no ties.
	 */
	public @Nullable End amongEqualCounts() {
		return this.amongEqualCounts;
	}

	/**
	 * Whether uses change the ranking, so a store must record reads that hit; when not, a
	 * read can leave the eviction order alone.
	 */
	public boolean readsAreUses() {
		return this.ranking == Ranking.LAST_USE || this.ranking == Ranking.USE_COUNT;
	}

	/**
	 * The rule as an ordering of entries, next victim first, over each entry's metadata as
	 * the extractors read it. Entries with equal metadata compare as equal: a store that
	 * keeps them in a sorted set adds its own last tie-break.
	 * @throws IllegalStateException for {@link Ranking#NONE}, which orders nothing
	 */
	public <T> Comparator<T> victimFirst(ToLongFunction<? super T> inserted, ToLongFunction<? super T> lastUsed,
			ToLongFunction<? super T> uses) {
		return switch (this.ranking) {
			case INSERTION -> from(this.end, Comparator.comparingLong(inserted));
			case LAST_USE -> from(this.end, Comparator.comparingLong(lastUsed));
			case USE_COUNT -> from(this.end, Comparator.<T>comparingLong(uses))
				.thenComparing(from(this.amongEqualCounts, Comparator.comparingLong(lastUsed)));
			case NONE -> throw new IllegalStateException("A random rule has no victim order");
		};
	}

	private static <T> Comparator<T> from(@Nullable End end, Comparator<T> ascending) {
		return (end == End.HIGHEST) ? ascending.reversed() : ascending;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof EvictionRule rule && rule.ranking == this.ranking && rule.end == this.end
				&& rule.amongEqualCounts == this.amongEqualCounts;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.ranking, this.end, this.amongEqualCounts);
	}

	@Override
	public String toString() {
		return switch (this.ranking) {
			case NONE -> "random";
			case USE_COUNT -> "fewest uses, then " + this.amongEqualCounts + " last use";
			default -> this.end + " " + this.ranking;
		};
	}

}
