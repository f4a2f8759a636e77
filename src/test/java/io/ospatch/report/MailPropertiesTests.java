package io.ospatch.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailPropertiesTests {

	@Test
	void theDefaultsOfApplicationPropertiesAreTheDocumentedOnes() throws IOException {
		Properties defaults = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
			defaults.load(reader);
		}

		MailProperties properties = bind(new MapConfigurationPropertySource(defaults));

		assertThat(properties).isEqualTo(new MailProperties("ospatch@localhost", List.of(), 3, Duration.ofSeconds(10), 2,
				Duration.ofMinutes(2), DataSize.ofMegabytes(10), 50));
		assertThat(bind(new MapConfigurationPropertySource())).as("the record's own defaults").isEqualTo(properties);
	}

	@Test
	void theGlobalListIsCommaSeparatedAndBlanksAreDropped() {
		MailProperties properties = bind(new MapConfigurationPropertySource(Map.of("ospatch.mail.to", " a@example.com, ,b@example.com ")));

		assertThat(properties.to()).containsExactly("a@example.com", "b@example.com");
	}

	@Test
	void noAttemptAtAllIsRefused() {
		assertThatThrownBy(() -> bind(new MapConfigurationPropertySource(Map.of("ospatch.mail.max-attempts", "0"))))
			.hasRootCauseMessage("ospatch.mail.max-attempts must be at least 1");
	}

	@Test
	void theSmtpTimeoutsOfApplicationPropertiesConfigureNoServerOnlyAHostDoes() {
		ApplicationContextRunner context = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
			.withPropertyValues("spring.mail.properties.mail.smtp.connectiontimeout=10000",
					"spring.mail.properties.mail.smtp.timeout=30000", "spring.mail.properties.mail.smtp.writetimeout=30000");

		context.run((withoutHost) -> assertThat(withoutHost).doesNotHaveBean(JavaMailSender.class));
		context.withPropertyValues("spring.mail.host=smtp.example.com")
			.run((withHost) -> assertThat(withHost).hasSingleBean(JavaMailSender.class));
	}

	private static MailProperties bind(MapConfigurationPropertySource source) {
		return new Binder(source).bindOrCreate("ospatch.mail", MailProperties.class);
	}

}
