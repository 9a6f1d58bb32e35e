/**
 * The redis store: entries as redis strings with millisecond TTLs, over the application's
 * Spring Data Redis {@code RedisConnectionFactory} (standalone, Sentinel or Cluster).
 */
@NullMarked
package io.polycache.redis;

import org.jspecify.annotations.NullMarked;
