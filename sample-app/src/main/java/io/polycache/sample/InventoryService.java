package io.polycache.sample;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Stock levels, never stale: {@code stock} has type {@code none}, so every call reaches the warehouse. */
@Service
class InventoryService {

	private final LoadTimes loadTimes;

	InventoryService(LoadTimes loadTimes) {
		this.loadTimes = loadTimes;
	}

	/** Counts a product's units in stock, taking about 300 ms on every call. */
	@Cacheable("stock")
	public int unitsInStock(long productId) {
		return this.loadTimes.time("stock", () -> {
			Latency.simulate(300);
			return (int) (productId * 7 % 50);
		});
	}

}
