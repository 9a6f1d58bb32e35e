package io.polycache.file;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.spi.BackendProvider;
import io.polycache.testfixtures.AbstractHostilePayloadTests;

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
