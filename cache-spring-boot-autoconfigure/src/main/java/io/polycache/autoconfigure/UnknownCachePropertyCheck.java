package io.polycache.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Stops start-up on a property under {@code cache.defaults} or
 * {@code cache.backends.<name>} that no setting binds, which Spring Boot would otherwise
 * ignore without a word: the failure names the property and, when one is close, the known
 * property meant. Only those two subtrees are checked; the rest of {@code cache.*} may
 * belong to the application.
 * <p>Names are compared as Spring Boot binds them, so {@code max-entries},
 * {@code maxEntries}, {@code max_entries} and the environment variable
 * {@code CACHE_BACKENDS_PRODUCTS_MAX_ENTRIES} are all the known {@code max-entries}.
 * Anything under a backend's own property group (such as {@code file-system.*}) is left to
 * that group's binding. Stateless and thread-safe.
 */
final class UnknownCachePropertyCheck {

	private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of("cache.defaults");

	private static final ConfigurationPropertyName BACKENDS = ConfigurationPropertyName.of("cache.backends");

	/** Elements before a cache's own properties: cache, backends and the cache's name. */
	private static final int CACHE_DEPTH = 3;

	private final Set<String> settings;

	private final Set<String> cacheSettings;

	private final Set<String> groups;

	/**
	 * @param groups the property groups that backends bind under a cache, such as
	 * {@code file-system}; nothing under them is reported here
	 */
	UnknownCachePropertyCheck(Set<String> groups) {
		this.settings = leafNames(CacheSettingsProperties.class);
		this.cacheSettings = leafNames(Backend.class);
		this.groups = groups;
	}

	/**
	 * The property groups of these backends, and of every built-in one, so that a group
	 * set for a built-in backend whose library is missing is not reported as unknown
	 * ({@code PolycacheCaches} reports it as another backend's group instead).
	 */
	static Set<String> backendGroups(List<BackendProvider> providers) {
		Set<String> groups = new TreeSet<>(BuiltInBackends.GROUPS.keySet());
		for (BackendProvider provider : providers) {
			String group = provider.propertyGroup();
			if (group != null) {
				groups.add(group);
			}
		}
		return groups;
	}

	/**
	 * @throws PolycacheConfigurationException for the first unknown property found,
	 * mentioning any others
	 */
	void check(Iterable<ConfigurationPropertySource> sources) {
		// By name, in order: a property set in several sources is reported once, as the first sets it.
		Map<String, Unknown> unknown = new TreeMap<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				boolean environment = isSystemEnvironment(source);
				iterable.stream()
					.map((name) -> unknown(source, name, environment))
					.filter((found) -> found != null)
					.forEach((found) -> unknown.putIfAbsent(found.property().toString(), found));
			}
		}
		if (!unknown.isEmpty()) {
			List<Unknown> found = new ArrayList<>(unknown.values());
			throw failure(found.get(0), found.subList(1, found.size()));
		}
	}

	/**
	 * Whether Spring Boot reads the source as environment variables, where '_' separates
	 * words as well as levels.
	 */
	private static boolean isSystemEnvironment(ConfigurationPropertySource source) {
		if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource environment) {
			String name = environment.getName();
			return name.equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
					|| name.endsWith("-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		}
		return false;
	}

	private @Nullable Unknown unknown(ConfigurationPropertySource source, ConfigurationPropertyName name,
			boolean environment) {
		Set<String> known;
		int depth;
		if (DEFAULTS.isAncestorOf(name)) {
			known = this.settings;
			depth = DEFAULTS.getNumberOfElements();
		}
		else if (BACKENDS.isAncestorOf(name) && name.getNumberOfElements() > CACHE_DEPTH) {
			known = this.cacheSettings;
			depth = CACHE_DEPTH;
		}
		else {
			return null;
		}
		ConfigurationPropertyName parent = name.chop(depth);
		ConfigurationPropertyName relative = name.subName(depth);
		for (String setting : known) {
			if (parent.append(setting).equals(name) || (environment && uniform(relative).equals(uniform(setting)))) {
				return null;
			}
		}
		if (known == this.cacheSettings) {
			for (String group : this.groups) {
				if (parent.append(group).isAncestorOf(name) || (environment && inLegacyGroup(relative, group))) {
					return null;
				}
			}
		}
		ConfigurationProperty property = source.getConfigurationProperty(name);
		return new Unknown(name, relative, (property != null) ? property.getValue() : null,
				(property != null) ? property.getOrigin() : null);
	}

	/**
	 * Whether an environment variable written the legacy way, with '_' also inside words
	 * ({@code CACHE_BACKENDS_X_FILE_SYSTEM_DIRECTORY}), falls under the group.
	 */
	private static boolean inLegacyGroup(ConfigurationPropertyName relative, String group) {
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < relative.getNumberOfElements() - 1; i++) {
			joined.append(relative.getElement(i, Form.UNIFORM));
			if (joined.toString().equals(uniform(group))) {
				return true;
			}
		}
		return false;
	}

	/** Lower case and alphanumeric only, as Spring Boot compares property names. */
	private static String uniform(ConfigurationPropertyName name) {
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			joined.append(name.getElement(i, Form.UNIFORM));
		}
		return joined.toString();
	}

	private static String uniform(String dashed) {
		return dashed.replace("-", "").replace(".", "");
	}

	/**
	 * The settable properties of a properties type, in dashed form, with those of its
	 * nested groups (a read-only property of a type nested in {@link PolycacheProperties},
	 * such as {@code near}) under the group's name: {@code near.max-entries}.
	 */
	static Set<String> leafNames(Class<?> type) {
		Set<String> names = new LinkedHashSet<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			String name = DataObjectPropertyName.toDashedForm(property.getName());
			if (property.getWriteMethod() != null) {
				names.add(name);
			}
			else if (property.getPropertyType() != null
					&& property.getPropertyType().getEnclosingClass() == PolycacheProperties.class) {
				leafNames(property.getPropertyType()).forEach((nested) -> names.add(name + "." + nested));
			}
		}
		return names;
	}

	/** The failure for the first unknown property, mentioning the others. */
	private PolycacheConfigurationException failure(Unknown first, List<Unknown> others) {
		String written = first.relative().toString();
		boolean underCache = first.property().getNumberOfElements() - first.relative().getNumberOfElements() == CACHE_DEPTH;
		Set<String> known = new LinkedHashSet<>(underCache ? this.cacheSettings : this.settings);
		String closest = PropertyNameSuggestion.closest(written.replace('.', '-'), known);
		if (underCache && first.relative().getNumberOfElements() > 1) {
			String group = PropertyNameSuggestion.closest(first.relative().getElement(0, Form.DASHED), this.groups);
			closest = (group != null) ? group : closest;
		}
		if (underCache) {
			known.addAll(this.groups);
		}
		ConfigurationPropertyName parent = first.property().chop(first.property().getNumberOfElements()
				- first.relative().getNumberOfElements());
		StringBuilder reason = new StringBuilder(underCache ? "a cache" : "cache.defaults")
			.append(" has no property '").append(written).append("'");
		if (first.origin() != null) {
			reason.append(" (set in ").append(first.origin()).append(")");
		}
		String action;
		if (!underCache && this.cacheSettings.stream().anyMatch((name) -> uniform(name).equals(uniform(first.relative())))) {
			reason.append(": it can be set only for a named cache");
			action = "Move it to cache.backends.<name>." + written + " for each cache that needs it.";
		}
		else if (closest != null) {
			reason.append("; did you mean ").append(closest).append("?");
			action = "Rename it to " + parent.append(closest) + ", or remove it.";
		}
		else {
			reason.append(", so nothing would use it.");
			action = "Remove it, or use one of: " + String.join(", ", known) + ".";
		}
		if (!others.isEmpty()) {
			reason.append(" Also unknown: ")
				.append(String.join(", ", others.stream().map((other) -> other.property().toString()).toList()))
				.append(".");
		}
		return new PolycacheConfigurationException(first.property().toString(), first.value(), reason.toString(),
				action);
	}

	/** One property nothing binds, with what is known of where it was written. */
	private record Unknown(ConfigurationPropertyName property, ConfigurationPropertyName relative,
			@Nullable Object value, @Nullable Origin origin) {

	}

}
