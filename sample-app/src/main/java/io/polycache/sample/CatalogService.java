package io.polycache.sample;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** The product catalogue, slow as a database; cached in {@code products} (LFU, 10 min) so popular ones stay. */
@Service
class CatalogService {

	private final LoadTimes loadTimes;

	CatalogService(LoadTimes loadTimes) {
		this.loadTimes = loadTimes;
	}

	/** Loads a product, taking about 400 ms when it is not cached. */
	@Cacheable("products")
	public Product product(long id) {
		return this.loadTimes.time("products", () -> {
			Latency.simulate(400);
			return new Product(id, "Product " + id, "Loaded from the catalogue database");
		});
	}

	/** A catalogue entry. */
	record Product(long id, String name, String description) {
	}

}
