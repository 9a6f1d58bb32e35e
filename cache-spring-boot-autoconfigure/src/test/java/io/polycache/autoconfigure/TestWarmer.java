package io.polycache.autoconfigure;

import org.springframework.core.Ordered;

import io.polycache.core.CacheWarmer;
import io.polycache.core.WarmUp;

/** A cache warmer for tests: a cache name, an order, and what it does. */
final class TestWarmer implements CacheWarmer, Ordered {

	private final String cacheName;

	private final int order;

	private final Body body;

	TestWarmer(String cacheName, int order, Body body) {
		this.cacheName = cacheName;
		this.order = order;
		this.body = body;
	}

	TestWarmer(String cacheName, Body body) {
		this(cacheName, 0, body);
	}

	@Override
	public String cacheName() {
		return this.cacheName;
	}

	@Override
	public void warm(WarmUp cache) throws Exception {
		this.body.warm(cache);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/** What the warmer does. */
	@FunctionalInterface
	interface Body {

		void warm(WarmUp cache) throws Exception;

	}

}
