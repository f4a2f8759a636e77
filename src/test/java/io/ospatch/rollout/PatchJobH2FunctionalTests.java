package io.ospatch.rollout;

import java.nio.file.Path;
import java.util.Map;

import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.LabFleet;
import io.ospatch.support.OutOfService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The patch job once on the embedded default: an H2 file database in MySQL mode, migrated by the
 * same Flyway scripts as MySQL, patching real lab nodes.
 */
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:file:./target/h2-functional-test/ospatch;MODE=MySQL;DATABASE_TO_LOWER=TRUE",
		"spring.datasource.username=sa", "spring.datasource.password=" })
class PatchJobH2FunctionalTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobRepository;

	@TempDir
	Path dir;

	/** Whatever the test did, no run had more nodes out of service at once than its cluster allows. */
	@AfterEach
	void everyRunKeptToItsMaxUnavailable() {
		OutOfService.assertEveryRunKeptToItsMaxUnavailable(this.jdbc);
	}

	@Test
	void behindNodesArePatchedOnTheEmbeddedDatabase() throws Exception {
		assertThat(this.jdbc.sql("SELECT H2VERSION()").query(String.class).single()).as("running on H2").isNotBlank();
		DatabaseCleaner.clean(this.jdbc);
		LabFleet lab = LabFleet.get();
		lab.reset();
		String current = lab.debianVersion("lab-b-1");
		lab.behind("lab-b-2");
		String behind = lab.debianVersion("lab-b-2");
		assertThat(CliRunner.run(this.context, "import", lab.fleetYaml(this.dir).toString()).exitCode()).isZero();

		CliRunner.Result patch = CliRunner.run(this.context, "patch", "--cluster", "lab-b");

		assertThat(patch.exitCode()).as(patch.out() + patch.err()).isZero();
		Map<String, Object> result = this.jdbc.sql("""
				SELECT r.status, r.os_version_before, r.os_version_after, p.job_execution_id
				FROM node_results r JOIN nodes n ON n.id = r.node_id JOIN patch_runs p ON p.id = r.run_id
				WHERE n.name = 'lab-b-2'""").query().singleRow();
		assertThat(result).containsEntry("status", "patched")
			.containsEntry("os_version_before", behind)
			.containsEntry("os_version_after", current);
		JobExecution job = this.jobRepository.getJobExecution(((Number) result.get("job_execution_id")).longValue());
		assertThat(job.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(job.getStepExecutions()).filteredOn((step) -> step.getStepName().equals("clusterPatchStep"))
			.singleElement()
			.satisfies((step) -> {
				assertThat(step.getReadCount()).isEqualTo(3);
				assertThat(step.getWriteCount()).isEqualTo(3);
			});
		assertThat(lab.debianVersion("lab-b-2")).isEqualTo(current);
	}

}
