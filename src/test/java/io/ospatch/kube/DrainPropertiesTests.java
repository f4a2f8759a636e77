package io.ospatch.kube;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPropertiesTests {

	@Test
	void theDefaultsOfApplicationPropertiesAreTheDocumentedOnes() throws IOException {
		Properties defaults = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
			defaults.load(reader);
		}

		DrainProperties properties = bind(new MapConfigurationPropertySource(defaults));

		assertThat(properties).isEqualTo(new DrainProperties(Duration.ofMinutes(10), Duration.ofMinutes(10)));
		assertThat(bind(new MapConfigurationPropertySource())).as("the record's own defaults").isEqualTo(properties);
	}

	@Test
	void noTimeoutAtAllIsRefused() {
		assertThatThrownBy(() -> bind(new MapConfigurationPropertySource(Map.of("ospatch.drain.timeout", "0s"))))
			.hasRootCauseMessage("ospatch.drain.timeout must be positive");
		assertThatThrownBy(() -> bind(new MapConfigurationPropertySource(Map.of("ospatch.drain.ready-timeout", "-1m"))))
			.hasRootCauseMessage("ospatch.drain.ready-timeout must be positive");
	}

	private static DrainProperties bind(ConfigurationPropertySource source) {
		return new Binder(source).bindOrCreate("ospatch.drain", DrainProperties.class);
	}

}
