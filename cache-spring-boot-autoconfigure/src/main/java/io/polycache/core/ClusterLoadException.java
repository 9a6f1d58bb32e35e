package io.polycache.core;

/**
 * The load a caller waited for failed on another instance ({@code single-flight: cluster}).
 * It reaches the caller as the cause of Spring's
 * {@link org.springframework.cache.Cache.ValueRetrievalException}, as a failure of its
 * own loader would; its message carries the class and message of the other instance's
 * failure, cut to 300 printable characters. A caller that arrives after the failure loads
 * again.
 */
public class ClusterLoadException extends RuntimeException {

	public ClusterLoadException(String message) {
		super(message);
	}

}
