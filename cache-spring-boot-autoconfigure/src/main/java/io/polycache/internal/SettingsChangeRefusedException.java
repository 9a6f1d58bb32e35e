package io.polycache.internal;

/**
 * A {@link SettingsChange} a cache cannot honour: its store does not bound or expire
 * entries in this process (redis, memcached, none), it has no near tier, or its store
 * cannot take the bound. Nothing was changed.
 */
public final class SettingsChangeRefusedException extends RuntimeException {

	SettingsChangeRefusedException(String message) {
		super(message);
	}

}
