package io.ospatch;

import java.time.Clock;

import io.ospatch.cli.OspatchCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The ospatch application. {@code main} only hands the command line to {@link OspatchCli}, which
 * starts this Spring context when a command needs it (never for {@code --help} or a usage error).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OspatchApplication {

	private static final String H2_BIND_ADDRESS = "h2.bindAddress";

	public static void main(String[] args) {
		// the embedded database's AUTO_SERVER port serves other ospatch processes on this machine, no one else
		if (System.getProperty(H2_BIND_ADDRESS) == null) {
			System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
		}
		System.exit(OspatchCli.run(args));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
