package io.ospatch.cli;

import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out, for every command but {@code serve}, the auto-configurations that only the web server
 * needs: actuator endpoints and health, metrics, security, the OpenAPI document, request validation
 * and HTTP message conversion. Their classes are on the class path for {@code serve}; without this,
 * Spring would set them up for each {@code cluster list} too, which starts markedly slower for
 * nothing. Registered in {@code META-INF/spring.factories}.
 */
final class WebOnlyAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final List<String> WEB_ONLY = List.of("org.springframework.boot.actuate.autoconfigure.",
			"org.springframework.boot.health.autoconfigure.", "org.springframework.boot.jdbc.autoconfigure.health.",
			"org.springframework.boot.jdbc.autoconfigure.metrics.", "org.springframework.boot.micrometer.",
			"org.springframework.boot.batch.autoconfigure.observation.", "org.springframework.boot.tomcat.autoconfigure.metrics.",
			"org.springframework.boot.security.autoconfigure.", "org.springframework.boot.security.oauth2.",
			"org.springframework.boot.validation.autoconfigure.",
			"org.springframework.boot.http.converter.autoconfigure.", "org.springdoc.");

	private boolean web = true;

	@Override
	public void setEnvironment(Environment environment) {
		this.web = environment.getProperty("spring.main.web-application-type", WebApplicationType.class,
				WebApplicationType.SERVLET) != WebApplicationType.NONE;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = this.web || candidate == null || WEB_ONLY.stream().noneMatch(candidate::startsWith);
		}
		return matches;
	}

}
