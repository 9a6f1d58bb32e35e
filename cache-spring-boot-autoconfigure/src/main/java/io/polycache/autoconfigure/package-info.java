/**
 * Spring Boot glue: the {@code cache.*} properties, one {@code CacheManager} bean per
 * configured cache plus the primary one, and failure analysis for bad configuration.
 * The only package that knows every backend.
 */
@NullMarked
package io.polycache.autoconfigure;

import org.jspecify.annotations.NullMarked;
