package com.example.shop;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class Catalog {

	private final AtomicInteger loads = new AtomicInteger();

	@Cacheable("products")
	public String product(long id) {
		this.loads.incrementAndGet();
		return "Product " + id;
	}

	public int loads() {
		return this.loads.get();
	}

}
