/** A runnable sample: slow services cached by Polycache, and endpoints showing timings and cache counters. */
@NullMarked
package io.polycache.sample;

import org.jspecify.annotations.NullMarked;
