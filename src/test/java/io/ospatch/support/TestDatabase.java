package io.ospatch.support;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The MySQL/MariaDB test database, for tests that run ospatch as processes of its own: how to reach
 * it from the test, and the environment that points an ospatch process at it. The same settings as
 * {@code src/test/resources/config/application.properties}.
 */
public final class TestDatabase {

	public static final String URL = System.getenv()
		.getOrDefault("OSPATCH_TEST_DATASOURCE_URL", "jdbc:mysql://127.0.0.1:3306/ospatch_test?sslMode=DISABLED");

	public static final String USERNAME = System.getenv().getOrDefault("OSPATCH_TEST_DATASOURCE_USERNAME", "ospatch");

	public static final String PASSWORD = System.getenv().getOrDefault("OSPATCH_TEST_DATASOURCE_PASSWORD", "ospatch");

	private TestDatabase() {
	}

	public static JdbcClient jdbc() {
		return JdbcClient.create(new DriverManagerDataSource(URL, USERNAME, PASSWORD));
	}

	/** The environment of an ospatch process on the test database. */
	public static Map<String, String> environment() {
		return Map.of("SPRING_DATASOURCE_URL", URL, "SPRING_DATASOURCE_USERNAME", USERNAME, "SPRING_DATASOURCE_PASSWORD",
				PASSWORD);
	}

}
