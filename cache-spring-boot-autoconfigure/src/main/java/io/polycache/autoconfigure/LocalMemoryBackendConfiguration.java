package io.polycache.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.NoneStore;
import io.polycache.local.LocalStores;

/** The backends built into Polycache: {@code local-memory} and {@code none}. */
@Configuration(proxyBeanMethods = false)
class LocalMemoryBackendConfiguration {

	@Bean
	BackendFactory localMemoryBackendFactory() {
		return new BackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.LOCAL_MEMORY;
			}

			@Override
			public CacheStore createStore(CacheSettings settings, Context context) {
				CacheStore store = LocalStores.create(settings, context.clock(), context.stats());
				context.sweeper().register(settings.name(), store);
				return store;
			}

		};
	}

	@Bean
	BackendFactory noneBackendFactory() {
		return new BackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.NONE;
			}

			@Override
			public CacheStore createStore(CacheSettings settings, Context context) {
				return new NoneStore();
			}

		};
	}

}
