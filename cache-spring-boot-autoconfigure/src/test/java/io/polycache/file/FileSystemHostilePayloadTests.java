package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.AbstractHostilePayloadTests;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyMapper;
import io.polycache.core.StatsCounter;

/** Hostile bytes planted in a file-system cache's directory. */
class FileSystemHostilePayloadTests extends AbstractHostilePayloadTests {

	@TempDir
	Path root;

	@Override
	protected CacheStore createStore(CacheSettings settings) {
		try {
			return FileStores.open(this.root, settings, Clock.systemUTC(), new StatsCounter());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	protected KeyMapper keyMapper(CacheSettings settings) {
		return FileStores.keyMapper(settings);
	}

}
