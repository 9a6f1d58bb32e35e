package io.polycache.core;

/**
 * Fills one cache when the application starts: declare it as a bean, and Polycache calls
 * {@link #warm} once, in the background, after the application context has started.
 * <pre class="code">
 * &#64;Component
 * class TopProductsWarmer implements CacheWarmer {
 *
 *     private final ProductRepository products;
 *
 *     TopProductsWarmer(ProductRepository products) {
 *         this.products = products;
 *     }
 *
 *     &#64;Override
 *     public String cacheName() {
 *         return "products";
 *     }
 *
 *     &#64;Override
 *     public void warm(WarmUp products) {
 *         for (Product product : this.products.findTop1000ByOrderBySalesDesc()) {
 *             products.putIfAbsent(product.id(), product);   // keeps what survived a restart
 *         }
 *     }
 *
 * }
 * </pre>
 * <ul>
 * <li>Start-up does not wait: warm-ups run on a small pool of daemon threads
 * ({@code polycache-warmup-N}) once the context has started, so the application serves
 * requests meanwhile, from a cache that is still filling. Caches warm in parallel; the
 * warmers of one cache run one after the other, in {@code @Order}.</li>
 * <li>A warmer that throws is logged with its cache's name; the cache keeps what was
 * written before the failure, and every other warmer still runs. The application is not
 * affected.</li>
 * <li>Closing the context interrupts a warm-up still running, and every {@link WarmUp}
 * call made after that throws {@link java.util.concurrent.CancellationException}.</li>
 * <li>A warmer naming a cache that is not configured stops start-up.</li>
 * <li>The thread has none of a request's context: no current request, security context
 * or transaction (open one with a {@code TransactionTemplate} if the reads need it).</li>
 * </ul>
 * Polycache calls each warmer from one thread at a time, once per context start-up.
 */
public interface CacheWarmer {

	/** The name of the cache to fill, as configured under {@code cache.backends}. */
	String cacheName();

	/**
	 * Writes the entries, or loads the keys, the cache should start with. May take as
	 * long as it needs; it should stop soon when interrupted.
	 * @param cache the cache being warmed, which counts what this method does
	 * @throws Exception anything: the warm-up of this cache is logged as failed
	 */
	void warm(WarmUp cache) throws Exception;

}
