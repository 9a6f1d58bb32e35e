package io.polycache.sample;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Euro rates from a slow remote service; {@code exchange-rates} holds three (FIFO): a fourth evicts the first. */
@Service
class ExchangeRateService {

	private static final Map<String, BigDecimal> RATES = Map.of("USD", new BigDecimal("1.08"),
			"GBP", new BigDecimal("0.85"), "JPY", new BigDecimal("162.40"), "CHF", new BigDecimal("0.95"));

	private final LoadTimes loadTimes;

	ExchangeRateService(LoadTimes loadTimes) {
		this.loadTimes = loadTimes;
	}

	/** One euro in {@code currency}, about 500 ms when not cached; an unknown one is empty, also cached. */
	@Cacheable("exchange-rates")
	public Optional<BigDecimal> rate(String currency) {
		return this.loadTimes.time("exchange-rates", () -> {
			Latency.simulate(500);
			return Optional.ofNullable(RATES.get(currency));
		});
	}

}
