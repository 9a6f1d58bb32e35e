package io.polycache.sample;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Prices from a slow pricing system; cached in {@code prices} (LRU) for 30 s, so no quote is
 * older, and refreshed in the background after 10 s, so readers rarely wait for a quote.
 */
@Service
class PricingService {

	private final LoadTimes loadTimes;

	PricingService(LoadTimes loadTimes) {
		this.loadTimes = loadTimes;
	}

	/** Quotes a product's price, taking about 300 ms when it is not cached. */
	@Cacheable(cacheNames = "prices", sync = true)
	public Price price(long productId) {
		return this.loadTimes.time("prices", () -> {
			Latency.simulate(300);
			return new Price(productId, BigDecimal.valueOf(1_000 + productId * 137 % 9_000, 2), "EUR", Instant.now());
		});
	}

	/** A price and the moment the pricing system quoted it; serializable for shared stores. */
	record Price(long productId, BigDecimal amount, String currency, Instant quotedAt) implements Serializable {
	}

}
