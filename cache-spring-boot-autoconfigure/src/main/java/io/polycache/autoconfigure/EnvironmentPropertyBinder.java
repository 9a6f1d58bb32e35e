package io.polycache.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;

import io.polycache.internal.CacheAssembler.PropertyBinder;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Binds a backend's own property group from the application's {@link Environment}, as
 * {@code @ConfigurationProperties} would, with relaxed names. Strictly: a property in the
 * group that the group's type does not have stops start-up, naming the closest one it has.
 */
final class EnvironmentPropertyBinder implements PropertyBinder {

	private final Binder binder;

	private final Iterable<ConfigurationPropertySource> sources;

	EnvironmentPropertyBinder(Environment environment) {
		this.sources = ConfigurationPropertySources.get(environment);
		this.binder = new Binder(this.sources);
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
				throw unknown(name, type, unbound.getUnboundProperties().iterator().next());
			}
			throw ex;
		}
	}

	/**
	 * {@code cache.backends.<cacheName>.<group>}, the cache name as a map key: any name a
	 * cache can have, {@code a:1} or {@code Products} included.
	 */
	static ConfigurationPropertyName group(String cacheName, String group) {
		return ConfigurationPropertyName.of("cache.backends").append("[" + cacheName + "]").append(group);
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

	private static PolycacheConfigurationException unknown(ConfigurationPropertyName group, Class<?> type,
			ConfigurationProperty property) {
		String prefix = group.toString();
		String written = property.getName().subName(group.getNumberOfElements()).toString();
		Set<String> known = properties(type);
		String closest = PropertyNameSuggestion.closest(written.replace('.', '-'), known);
		String reason = prefix + " has no property '" + written + "'" + ((property.getOrigin() != null)
				? " (set in " + property.getOrigin() + ")" : "");
		return (closest != null)
				? new PolycacheConfigurationException(property.getName().toString(), property.getValue(),
						reason + "; did you mean " + closest + "?", "Rename it to " + prefix + "." + closest + ", or remove it.")
				: new PolycacheConfigurationException(property.getName().toString(), property.getValue(),
						reason + ", so nothing would use it.",
						"Remove it, or use one of: " + String.join(", ", known) + ".");
	}

	private static Set<String> properties(Class<?> type) {
		Set<String> names = new TreeSet<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getWriteMethod() != null) {
				names.add(DataObjectPropertyName.toDashedForm(property.getName()));
			}
		}
		return names;
	}

}
