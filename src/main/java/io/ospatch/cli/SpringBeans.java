package io.ospatch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.ospatch.OspatchApplication;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.rollout.RolloutStop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/** Starts the application context on first use, so commands that never need it never start it. */
final class SpringBeans implements Beans, AutoCloseable {

	/**
	 * Spring Boot's background pre-initializer warms up, on a thread of its own, what a web server
	 * uses (Bean Validation, Jackson, message converters); a command line uses none of it, and on a
	 * small machine that thread competes with the command's own start for the CPU.
	 */
	private static final String BACKGROUND_PREINITIALIZER_IGNORE = "spring.backgroundpreinitializer.ignore";

	private volatile ConfigurableApplicationContext context;

	private final CountDownLatch stopServing = new CountDownLatch(1);

	private volatile boolean serving;

	@Override
	public <T> T get(Class<T> type) {
		if (this.context == null) {
			this.context = start(WebApplicationType.NONE, Map.of());
		}
		return this.context.getBean(type);
	}

	@Override
	public int startWebServer(Map<String, Object> settings) {
		if (this.context != null) {
			throw new IllegalStateException("the application has started already, without a web server");
		}
		Map<String, Object> web = new LinkedHashMap<>(settings);
		// application.properties says none, for every other command
		web.put("spring.main.web-application-type", "servlet");
		this.context = start(WebApplicationType.SERVLET, web);
		this.serving = true;
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	@Override
	public void awaitStop() throws InterruptedException {
		this.stopServing.await();
	}

	private static ConfigurableApplicationContext start(WebApplicationType type, Map<String, Object> settings) {
		if (type == WebApplicationType.NONE && System.getProperty(BACKGROUND_PREINITIALIZER_IGNORE) == null) {
			System.setProperty(BACKGROUND_PREINITIALIZER_IGNORE, "true");
		}
		SpringApplication application = new SpringApplication(OspatchApplication.class);
		application.setWebApplicationType(type);
		// the command line is ospatch's own, not Spring property overrides: settings come from the environment
		application.setAddCommandLineProperties(false);
		application.addListeners(new EmptyDatasourceUrl());
		if (!settings.isEmpty()) {
			application.addListeners(new SettingsFirst(settings));
		}
		return application.run();
	}

	/**
	 * Asks running rollouts to stop, and a web server to end; false if the application has not
	 * started, so nothing runs.
	 */
	boolean requestStop() {
		ConfigurableApplicationContext started = this.context;
		boolean rollouts = started != null && started.isActive() && started.getBean(RolloutStop.class).request();
		if (this.serving) {
			this.stopServing.countDown();
			return true;
		}
		return rollouts;
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/** Puts a command's own Spring settings over those of the environment and application.properties. */
	private record SettingsFirst(Map<String, Object> settings)
			implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			event.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ospatch command", this.settings));
		}

	}

	/**
	 * Refuses a datasource URL that is set but empty ({@code SPRING_DATASOURCE_URL=}), which Spring
	 * would quietly replace with an in-memory database of its own: ospatch's migrations would then fail
	 * on it, or, worse, a command would succeed on a database gone at its end.
	 */
	static final class EmptyDatasourceUrl implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			check(event.getEnvironment());
		}

		static void check(Environment environment) {
			String url = environment.getProperty("spring.datasource.url");
			if (url != null && url.isBlank()) {
				throw new InvalidInputException("SPRING_DATASOURCE_URL (spring.datasource.url) is set but empty: set it to "
						+ "a JDBC URL such as jdbc:mysql://db.example.com:3306/ospatch, or unset it for the embedded database "
						+ "under OSPATCH_HOME (default ~/.ospatch)");
			}
		}

	}

}
