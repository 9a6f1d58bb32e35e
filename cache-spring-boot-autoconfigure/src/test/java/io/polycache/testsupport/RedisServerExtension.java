package io.polycache.testsupport;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server on a free loopback port for a test class, stopped after it:
 * {@code @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();}
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

	private @Nullable LoopbackServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = RedisServers.standalone();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.close();
		}
	}

	public LoopbackServer server() {
		if (this.server == null) {
			throw new IllegalStateException("The redis server starts before the test class's tests");
		}
		return this.server;
	}

	/** {@code spring.data.redis.host} and {@code spring.data.redis.port} of this server. */
	public String[] springProperties() {
		return new String[] { "spring.data.redis.host=" + LoopbackServer.HOST,
				"spring.data.redis.port=" + server().port() };
	}

}
