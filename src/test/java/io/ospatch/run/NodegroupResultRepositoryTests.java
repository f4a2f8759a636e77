package io.ospatch.run;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's node-group results: the update id is kept from the moment AWS accepts it, so that a
 * resumed run finds it unfinished; its end completes the same row.
 */
@SpringBootTest
class NodegroupResultRepositoryTests {

	private static final Instant STARTED = Instant.parse("2026-11-26T10:00:00Z");

	private static final Instant ENDED = Instant.parse("2026-11-26T10:21:00Z");

	@Autowired
	NodegroupResultRepository results;

	@Autowired
	JdbcClient jdbc;

	long runId;

	@BeforeEach
	void aRun() {
		DatabaseCleaner.clean(this.jdbc);
		this.jdbc.sql("INSERT INTO clusters (name, kind, timezone, patch_on_boot, max_unavailable, failure_budget, "
				+ "created_at, updated_at, eks_cluster_name, eks_region) VALUES ('shop', 'eks', 'UTC', FALSE, '1', '0', ?, ?, 'prod', 'eu-west-1')")
			.params(LocalDateTime.now(ZoneOffset.UTC), LocalDateTime.now(ZoneOffset.UTC))
			.update();
		long clusterId = this.jdbc.sql("SELECT id FROM clusters").query(Long.class).single();
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, outcome)
				VALUES ('launch', ?, 'on-demand', 'someone@somewhere', ?, 'running')""")
			.params(clusterId, LocalDateTime.now(ZoneOffset.UTC))
			.update();
		this.runId = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
	}

	@Test
	void aStartedUpdateIsUnfinishedUntilItsEndIsRecorded() {
		this.results.started(this.runId, "ng-1", "1.31.0-20241024", "a1b2c3d4-0000-4000-8000-000000000001", STARTED);

		NodegroupResult following = this.results.find(this.runId, "ng-1").orElseThrow();
		assertThat(following.unfinished()).isTrue();
		assertThat(following.updateId()).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
		assertThat(following.startedAt()).isEqualTo(STARTED);

		this.results.ended(this.runId, new NodegroupResult("ng-1", null, "1.31.3-20241121", null, NodegroupStatus.SUCCESSFUL, null,
				null, ENDED));

		NodegroupResult ended = this.results.find(this.runId, "ng-1").orElseThrow();
		assertThat(ended.unfinished()).isFalse();
		assertThat(ended).isEqualTo(new NodegroupResult("ng-1", "1.31.0-20241024", "1.31.3-20241121",
				"a1b2c3d4-0000-4000-8000-000000000001", NodegroupStatus.SUCCESSFUL, null, STARTED, ENDED));
	}

	@Test
	void aNodegroupNeverStartedIsRecordedWholeWithItsReason() {
		this.results.ended(this.runId, new NodegroupResult("ng-custom", "ami-0123456789abcdef0", null, null,
				NodegroupStatus.NOT_UPDATABLE, "custom AMI", null, ENDED));

		assertThat(this.results.findByRun(this.runId)).singleElement()
			.satisfies((result) -> {
				assertThat(result.status()).isEqualTo(NodegroupStatus.NOT_UPDATABLE);
				assertThat(result.error()).isEqualTo("custom AMI");
				assertThat(result.updateId()).isNull();
			});
	}

	@Test
	void aFailedUpdateKeepsAwsErrorsAndAStartAgainTakesTheNewId() {
		this.results.started(this.runId, "ng-1", "1.31.0-20241024", "first", STARTED);
		this.results.ended(this.runId, new NodegroupResult("ng-1", null, "1.31.0-20241024", null, NodegroupStatus.FAILED,
				"NodeCreationFailure: Instances failed to join the kubernetes cluster", null, ENDED));
		assertThat(this.results.find(this.runId, "ng-1").orElseThrow().error()).startsWith("NodeCreationFailure: ");

		this.results.started(this.runId, "ng-1", "1.31.0-20241024", "second", ENDED);

		assertThat(this.results.findByRun(this.runId)).singleElement().satisfies((result) -> {
			assertThat(result.updateId()).isEqualTo("second");
			assertThat(result.unfinished()).isTrue();
			assertThat(result.error()).isNull();
		});
	}

	@Test
	void oneRowPerNodegroupAndRun() {
		this.results.started(this.runId, "ng-1", "1.31.0-20241024", "first", STARTED);

		assertThatThrownBy(() -> this.jdbc
			.sql("INSERT INTO nodegroup_results (run_id, nodegroup) VALUES (?, 'ng-1')")
			.param(this.runId)
			.update()).isInstanceOf(DataIntegrityViolationException.class);
	}

}
