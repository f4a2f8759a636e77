package io.ospatch.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.ospatch.web.launch.LaunchWorker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as every command but {@code serve} starts it: no web server, and none of what only
 * the web server needs (security, health, metrics), so that the commands start and print as before.
 */
@SpringBootTest
class WebOnlyAutoConfigurationsTests {

	@Autowired
	ApplicationContext context;

	@Test
	void theCommandsApplicationHasNoWebServerSecurityHealthOrMetrics() {
		assertThat(this.context).isNotInstanceOf(WebApplicationContext.class);
		assertThat(this.context.getBeanNamesForType(SecurityFilterChain.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(HealthEndpoint.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(MeterRegistry.class)).isEmpty();
		assertThat(this.context.getBeanNamesForAnnotation(Controller.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(LaunchWorker.class)).as("launch workers: serve only").isEmpty();
	}

}
