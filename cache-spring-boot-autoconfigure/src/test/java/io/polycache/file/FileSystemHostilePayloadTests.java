package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.AbstractHostilePayloadTests;
import io.polycache.core.CacheSettings;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.CacheStore;
import io.polycache.core.KeyMapper;
import io.polycache.core.StatsCounter;
import java.util.Map;

/** Hostile bytes planted in a file-system cache's directory. */
class FileSystemHostilePayloadTests extends AbstractHostilePayloadTests {

	@TempDir
	Path root;

	@Override
	protected BackendProvider provider() {
		return new FileSystemProvider();
	}

	@Override
	protected Map<String, String> properties(CacheSettings settings) {
		return Map.of("cache.backends." + settings.name() + ".file-system.directory", this.root.toString());
	}

}
