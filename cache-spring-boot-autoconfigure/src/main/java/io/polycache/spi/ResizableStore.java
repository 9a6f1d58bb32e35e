package io.polycache.spi;

/**
 * A store that bounds and expires its entries in this process, so that its size bound can
 * change while it runs (the {@code polycache} actuator endpoint changes
 * {@code max-entries} through it), and a new default TTL for later writes is honoured as
 * it is anywhere. The local-memory and file-system stores are; a store behind a server,
 * which evicts by its own policy, is not.
 * <p>Implementations are thread-safe: a change may run concurrently with every other
 * operation of the store.
 */
public interface ResizableStore {

	/** The bound now: the most entries the store holds, {@code 0} for unbounded. */
	long maxEntries();

	/**
	 * Changes the bound. A lower bound takes effect at once: the store evicts by its
	 * policy, reporting each eviction to its {@link StoreEvents}, until it holds at most
	 * {@code maxEntries}; a higher one lets later inserts keep more. {@code 0} makes the
	 * store unbounded.
	 * @throws IllegalArgumentException if {@code maxEntries} is negative
	 * @throws IllegalStateException if this store cannot take the bound; it is then unchanged
	 */
	void resize(long maxEntries);

}
