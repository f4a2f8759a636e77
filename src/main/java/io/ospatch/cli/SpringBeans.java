package io.ospatch.cli;

import io.ospatch.OspatchApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the application context on first use, so commands that never need it never start it. */
final class SpringBeans implements Beans, AutoCloseable {

	private ConfigurableApplicationContext context;

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

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

}
