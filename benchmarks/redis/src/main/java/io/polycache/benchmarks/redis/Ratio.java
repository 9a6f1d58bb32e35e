package io.polycache.benchmarks.redis;

import java.util.List;

/**
 * One ratio of two operations' throughputs that the redis suite reports, with its target;
 * {@link #ALL} is the list both reports ({@link RedisBenchmarks}' JMH table and
 * {@link Interleaved}'s medians) print, in order.
 *
 * @param label what the ratio compares
 * @param numerator the operation on top, named as its {@link RedisBenchmark} method
 * @param denominator the operation below
 * @param target the redis issue's target, or why there is none
 */
record Ratio(String label, String numerator, String denominator, String target) {

	static final List<Ratio> ALL = List.of(
			new Ratio("get: Polycache / RedisCache", "getPolycache", "getRedisCache", "≥ 1.0"),
			new Ratio("put: Polycache / RedisCache (immediate writes)", "putPolycache", "putRedisCache", "≥ 1.0"),
			new Ratio("put: Polycache / RedisCache (default async writes)", "putPolycache", "putRedisCacheAsync",
					"(not comparable)"),
			new Ratio("get: Polycache / raw Lettuce", "getPolycache", "getLettuce", "≥ 0.9"),
			new Ratio("put: Polycache / raw Lettuce", "putPolycache", "putLettuce", "≥ 0.9"),
			new Ratio("100 keys: one bulk get / 100 single gets", "bulkGet100", "singleGets100", "> 1"));

}
