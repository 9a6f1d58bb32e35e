/**
 * Test fixtures shared with other modules and third-party stores through this module's
 * test-jar ({@code cache-spring-boot-autoconfigure}, classifier {@code tests}).
 */
@NullMarked
package io.polycache.testfixtures;

import org.jspecify.annotations.NullMarked;
