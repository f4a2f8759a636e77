package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ospatch.eks.AwsStandIn;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.OspatchProcess;
import io.ospatch.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch patch} of an eks cluster as real processes on the MySQL/MariaDB test database, killed
 * and stopped while AWS updates a node group: the stand-in for EKS and SSM runs in the test, reached
 * through the standard {@code AWS_ENDPOINT_URL_EKS} / {@code AWS_ENDPOINT_URL_SSM} variables with fake
 * credentials in the environment, as an operator points ospatch at a private endpoint. The update stays
 * in progress until the test lets it succeed; the resumed run must follow it, never start a second one.
 */
class EksKillProcessTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final String OLD = "1.31.0-20241024";

	private static final String LATEST = "1.31.3-20241121";

	private static final String UPDATE_ID = "a1b2c3d4-0000-4000-8000-00000000000a";

	@TempDir
	Path dir;

	private JdbcClient jdbc;

	private AwsStandIn aws;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void anEksClusterWithANodegroupBehind() throws IOException {
		this.jdbc = TestDatabase.jdbc();
		this.aws = new AwsStandIn();
		this.aws.nodegroups("ng-old");
		this.aws.nodegroup("ng-old", "AL2023_x86_64_STANDARD", OLD);
		this.aws.parameter(
				"/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version",
				LATEST);
		this.aws.startsUpdate("ng-old", UPDATE_ID, LATEST);
		this.aws.updateGoes(UPDATE_ID, LATEST, "", "InProgress");
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: shop
				    kind: eks
				    eks-cluster: %s
				    region: eu-west-1
				""".formatted(AwsStandIn.CLUSTER));
		DatabaseCleaner.cleanIfMigrated(this.jdbc);
		OspatchProcess imported = run("import", fleet.toString());
		assertThat(imported.exitCode()).as(imported.stdout() + imported.stderr()).isZero();
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
		this.aws.close();
	}

	@Test
	void sigkillWhileAwsUpdatesANodegroupThenTheSameCommandFollowsThatUpdate() {
		OspatchProcess patch = start("patch", "--cluster", "shop");
		patch.awaitLine("nodegroup ng-old: update a1b2c3d4.* InProgress", TIMEOUT);

		patch.kill();
		assertThat(patch.waitFor(TIMEOUT)).isNotZero();

		assertThat(this.jdbc.sql("SELECT update_id FROM nodegroup_results WHERE status IS NULL").query(String.class).list())
			.as("the update's id was recorded before it was followed")
			.containsExactly(UPDATE_ID);
		this.aws.updateGoes(UPDATE_ID, LATEST, "", "Successful");
		OspatchProcess again = run("patch", "--cluster", "shop");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(again.stdout()).contains("shop: compliant (run").contains("resumed");
		assertThat(again.stderr()).contains("following update " + UPDATE_ID + " started before");
		assertThat(this.aws.updateVersionRequests()).as("no second UpdateNodegroupVersion").hasSize(1);
		assertThat(this.jdbc.sql("SELECT status, release_before, release_after, update_id FROM nodegroup_results")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list()).containsExactly(List.of("successful", OLD, LATEST, UPDATE_ID));
		assertThat(this.jdbc.sql("SELECT event FROM run_events ORDER BY occurred_at, id").query(String.class).list())
			.containsSubsequence("started", "interrupted", "resumed", "ended");
	}

	@Test
	void sigtermStopsFollowingTheUpdateGoesOnAndTheSameCommandFollowsIt() {
		OspatchProcess patch = start("patch", "--cluster", "shop");
		patch.awaitLine("nodegroup ng-old: update a1b2c3d4.* InProgress", TIMEOUT);

		patch.terminate();

		assertThat(patch.waitFor(TIMEOUT)).as(patch.stdout() + patch.stderr()).isEqualTo(143);
		assertThat(patch.stdout()).contains("shop: stopped").contains("the same command resumes it");
		assertThat(patch.stderr()).contains("stopped following; update " + UPDATE_ID + " goes on at AWS")
			.doesNotContain("Exception");
		assertThat(this.jdbc.sql("SELECT status FROM nodegroup_results").query(String.class).single()).isEqualTo("stopped");
		this.aws.updateGoes(UPDATE_ID, LATEST, "", "Successful");
		OspatchProcess again = run("patch", "--cluster", "shop");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(this.aws.updateVersionRequests()).hasSize(1);
		assertThat(this.jdbc.sql("SELECT status FROM nodegroup_results").query(String.class).single())
			.isEqualTo("successful");
	}

	private OspatchProcess start(String... args) {
		Map<String, String> environment = new HashMap<>(Map.of("OSPATCH_REPORTS_DIR", this.dir.resolve("reports").toString(),
				"OSPATCH_EKS_POLL_INTERVAL", "200ms", "OSPATCH_ROLLOUT_STOP_GRACE", "1s",
				// what an operator sets to reach a private endpoint; the credentials are the SDK's usual variables
				"AWS_ENDPOINT_URL_EKS", this.aws.server.baseUrl(), "AWS_ENDPOINT_URL_SSM", this.aws.server.baseUrl(),
				"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY",
				"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
		environment.putAll(TestDatabase.environment());
		OspatchProcess process = OspatchProcess.start(this.dir, environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(String... args) {
		OspatchProcess process = start(args);
		process.waitFor(TIMEOUT);
		return process;
	}

}
