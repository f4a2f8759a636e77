package io.ospatch.cli;

import io.ospatch.OspatchApplication;
import io.ospatch.rollout.RolloutStop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

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

}
