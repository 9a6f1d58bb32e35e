package io.polycache.sample;

import java.math.BigDecimal;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.polycache.sample.CatalogService.Product;
import io.polycache.sample.PricingService.Price;
import io.polycache.sample.ThumbnailService.Summary;

/** The shop's endpoints; each answer says how long it took, so a cache hit shows as a few milliseconds. */
@RestController
class ShopController {

	private final CatalogService catalog;

	private final PricingService pricing;

	private final ExchangeRateService exchangeRates;

	private final InventoryService inventory;

	private final PageViewCounter pageViews;

	private final ThumbnailService thumbnails;

	ShopController(CatalogService catalog, PricingService pricing, ExchangeRateService exchangeRates,
			InventoryService inventory, PageViewCounter pageViews, ThumbnailService thumbnails) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.exchangeRates = exchangeRates;
		this.inventory = inventory;
		this.pageViews = pageViews;
		this.thumbnails = thumbnails;
	}

	@GetMapping("/products/{id}")
	Timed<Product> product(@PathVariable long id) {
		return Timed.call("products", () -> this.catalog.product(id));
	}

	@GetMapping("/prices/{id}")
	Timed<Price> price(@PathVariable long id) {
		return Timed.call("prices", () -> this.pricing.price(id));
	}

	/** The rate for a currency code in any case; an unknown code is a 404. */
	@GetMapping("/exchange-rates/{currency}")
	Timed<BigDecimal> exchangeRate(@PathVariable String currency) {
		String code = currency.toUpperCase(Locale.ROOT);
		return Timed.call("exchange-rates", () -> this.exchangeRates.rate(code)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No exchange rate for " + code)));
	}

	@GetMapping("/stock/{id}")
	Timed<Integer> stock(@PathVariable long id) {
		return Timed.call("stock", () -> this.inventory.unitsInStock(id));
	}

	/** A thumbnail, rendered once and then read from disk, also after a restart. */
	@GetMapping("/thumbnails/{id}")
	Timed<Summary> thumbnail(@PathVariable long id, @RequestParam(defaultValue = "128") int width) {
		if (width < 1 || width > 1024) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "width must be between 1 and 1024");
		}
		return Timed.call("thumbnails", () -> this.thumbnails.thumbnail(id, width).summary());
	}

	@PostMapping("/pages/{page}/views")
	Timed<Long> pageView(@PathVariable String page) {
		return Timed.call(PageViewCounter.CACHE, () -> this.pageViews.recordView(page));
	}

}
