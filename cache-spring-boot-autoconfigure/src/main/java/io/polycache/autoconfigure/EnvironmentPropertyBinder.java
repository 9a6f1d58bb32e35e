package io.polycache.autoconfigure;

import java.util.Set;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

import io.polycache.internal.CacheAssembler.PropertyBinder;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Binds a backend's own property group from the application's {@link Environment}, as
 * {@code @ConfigurationProperties} would, with relaxed names. Strictly: a property in the
 * group that the group's type does not have stops start-up, naming the closest one it has.
 */
final class EnvironmentPropertyBinder implements PropertyBinder {

	private static final ConfigurationPropertyName BACKENDS = ConfigurationPropertyName.of("cache.backends");

	/** The index of a cache's name in {@code cache.backends.<name>.*}. */
	private static final int CACHE_ELEMENT = 2;

	private final Binder binder;

	private final Iterable<ConfigurationPropertySource> sources;

	EnvironmentPropertyBinder(Environment environment) {
		this.sources = ConfigurationPropertySources.get(environment);
		// Placeholders resolved as @ConfigurationProperties resolves them: directory: ${app.home}/cache.
		this.binder = Binder.get(environment);
	}

	@Override
	public <T> T bind(String cacheName, String group, Class<T> type) {
		ConfigurationPropertyName name = group(cacheName, group);
		try {
			return this.binder.bindOrCreate(name, Bindable.of(type),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound
					&& !unbound.getUnboundProperties().isEmpty()) {
				throw unknown(asWritten(cacheName, group), name, type, unbound.getUnboundProperties().iterator().next());
			}
			throw ex;
		}
	}

	/**
	 * {@code cache.backends.<cacheName>.<group>}, with the cache's element as the sources
	 * write it, so that every name a map key can be matches: {@code Products},
	 * {@code [a:1]} or {@code PRODUCTS} in an environment variable.
	 */
	ConfigurationPropertyName group(String cacheName, String group) {
		for (ConfigurationPropertySource source : this.sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				for (ConfigurationPropertyName name : iterable) {
					if (BACKENDS.isAncestorOf(name) && name.getNumberOfElements() > CACHE_ELEMENT
							&& name.getElement(CACHE_ELEMENT, Form.ORIGINAL).equals(cacheName)) {
						return name.chop(CACHE_ELEMENT + 1).append(group);
					}
				}
			}
		}
		return BACKENDS.append("[" + cacheName + "]").append(group);
	}

	/** Whether any property is set under that group of the cache. */
	boolean isSet(String cacheName, String group) {
		ConfigurationPropertyName name = group(cacheName, group);
		for (ConfigurationPropertySource source : this.sources) {
			if (source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

	/** {@code cache.backends.<name>.<group>} as the application writes it, for messages. */
	private static String asWritten(String cacheName, String group) {
		boolean plain = cacheName.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '-');
		return "cache.backends." + (plain ? cacheName : "[" + cacheName + "]") + "." + group;
	}

	private static PolycacheConfigurationException unknown(String prefix, ConfigurationPropertyName group,
			Class<?> type, ConfigurationProperty property) {
		String written = property.getName().subName(group.getNumberOfElements()).toString();
		Set<String> known = UnknownCachePropertyCheck.leafNames(type);
		String closest = PropertyNameSuggestion.closest(written.replace('.', '-'), known);
		String reason = prefix + " has no property '" + written + "'" + ((property.getOrigin() != null)
				? " (set in " + property.getOrigin() + ")" : "");
		return (closest != null)
				? new PolycacheConfigurationException(prefix + "." + written, property.getValue(),
						reason + "; did you mean " + closest + "?", "Rename it to " + prefix + "." + closest + ", or remove it.")
				: new PolycacheConfigurationException(prefix + "." + written, property.getValue(),
						reason + ", so nothing would use it.",
						"Remove it, or use one of: " + String.join(", ", known) + ".");
	}

}
