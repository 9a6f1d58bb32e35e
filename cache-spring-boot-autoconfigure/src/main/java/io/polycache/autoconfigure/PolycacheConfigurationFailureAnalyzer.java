package io.polycache.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.polycache.spi.PolycacheConfigurationException;

/**
 * Explains a {@link PolycacheConfigurationException} at start-up: which property, which
 * value, what is wrong, and what to write instead.
 */
class PolycacheConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<PolycacheConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PolycacheConfigurationException cause) {
		String description = String.format("Polycache cannot start with this configuration:%n%n"
				+ "    Property: %s%n    Value: \"%s\"%n    Reason: %s", cause.getProperty(), cause.getValue(),
				cause.getReason());
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
