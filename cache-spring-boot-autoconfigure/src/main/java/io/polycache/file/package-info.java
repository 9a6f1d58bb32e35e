/**
 * The file-system store: one checksummed file per entry under a directory, written to a
 * temporary file and moved into place atomically, bounded by the six eviction policies
 * across restarts and across processes that share the directory.
 */
@NullMarked
package io.polycache.file;

import org.jspecify.annotations.NullMarked;
