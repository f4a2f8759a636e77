package io.ospatch.cli;

import java.nio.file.Path;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reports directory that cannot be written is found before anything is leased, not after every
 * node was skipped for want of its run log. {@code pom.xml/reports} cannot be created, even by root.
 */
@SpringBootTest(properties = { "ospatch.reports-dir=pom.xml/reports", "ospatch.ansible.binary=/bin/true" })
class ReportsDirPreflightIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void patchRefusesAnUnwritableReportsDirectoryWithOneLineAndLeasesNothing() {
		CliRunner.run(this.context, "cluster", "add", "prod-eu-1");
		CliRunner.run(this.context, "node", "add", "prod-eu-1", "cp-1", "--address", "10.0.0.10", "--role",
				"control-plane");

		CliRunner.Result patch = CliRunner.run(this.context, "patch", "--cluster", "prod-eu-1");

		assertThat(patch.exitCode()).as(patch.err()).isEqualTo(1);
		assertThat(patch.err()).isEqualTo("ospatch: cannot run: cannot write run logs to the reports directory "
				+ Path.of("pom.xml/reports").toAbsolutePath() + " (FileSystemException: Not a directory); make it writable or set "
				+ "OSPATCH_REPORTS_DIR\n");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();
	}

}
