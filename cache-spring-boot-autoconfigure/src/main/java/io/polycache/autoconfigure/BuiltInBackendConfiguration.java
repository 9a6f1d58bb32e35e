package io.polycache.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.file.FileSystemProvider;
import io.polycache.local.LocalMemoryProvider;
import io.polycache.none.NoneProvider;

/**
 * The backends that need nothing beyond the JDK: {@code local-memory}, {@code file-system}
 * and {@code none}.
 */
@Configuration(proxyBeanMethods = false)
class BuiltInBackendConfiguration {

	@Bean
	LocalMemoryProvider localMemoryBackendProvider() {
		return new LocalMemoryProvider();
	}

	@Bean
	FileSystemProvider fileSystemBackendProvider() {
		return new FileSystemProvider();
	}

	@Bean
	NoneProvider noneBackendProvider() {
		return new NoneProvider();
	}

}
