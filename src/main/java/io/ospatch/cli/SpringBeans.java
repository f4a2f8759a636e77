package io.ospatch.cli;

import io.ospatch.OspatchApplication;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.rollout.RolloutStop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** Starts the application context on first use, so commands that never need it never start it. */
final class SpringBeans implements Beans, AutoCloseable {

	private volatile ConfigurableApplicationContext context;

	@Override
	public <T> T get(Class<T> type) {
		if (this.context == null) {
			SpringApplication application = new SpringApplication(OspatchApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			// the command line is ospatch's own, not Spring property overrides: settings come from the environment
			application.setAddCommandLineProperties(false);
			application.addListeners(new EmptyDatasourceUrl());
			this.context = application.run();
		}
		return this.context.getBean(type);
	}

	/** Asks running rollouts to stop; false if the application has not started, so nothing runs. */
	boolean requestStop() {
		ConfigurableApplicationContext started = this.context;
		return started != null && started.isActive() && started.getBean(RolloutStop.class).request();
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
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
