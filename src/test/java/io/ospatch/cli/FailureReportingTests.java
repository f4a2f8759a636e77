package io.ospatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.rollout.ClusterPlan;
import io.ospatch.rollout.PlanService;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Ordinary failures end in one line that says what to fix; a stack trace only with {@code --debug}. */
class FailureReportingTests {

	private final PlanService plans = mock(PlanService.class);

	private final FleetService fleet = mock(FleetService.class);

	@Test
	void planGoesOnPastClustersThatCannotBePlannedAndExitsWithTheWorst() {
		given(this.plans.plan(cluster("a"))).willReturn(plan("a", null));
		given(this.plans.plan(cluster("b"))).willThrow(
				new InvalidInputException("cluster 'b': inventory variable ansible_connection is not allowed"));
		given(this.plans.plan(cluster("c"))).willReturn(plan("c", "unreachable: timed out"));
		given(this.plans.plan(cluster("d"))).willThrow(new IllegalStateException("bad SQL grammar",
				new SQLException("Table 'ospatch.nodes' doesn't exist\nSQL: SELECT * FROM nodes")));

		Result run = run(this::plans, "plan", "--cluster", "a", "--cluster", "b", "--cluster", "c", "--cluster", "d");

		assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.out()).contains("a: 1 chunk(s)").contains("c: 1 chunk(s)").contains("cannot be read: unreachable");
		assertThat(run.err().lines()).containsExactly(
				"ospatch: cluster 'b': inventory variable ansible_connection is not allowed",
				"ospatch: cluster 'd' cannot be planned: Table 'ospatch.nodes' doesn't exist");
	}

	@Test
	void aRefusedClusterOutranksUnreadNodesAndDryRunReportsTheSame() {
		given(this.fleet.cluster("b")).willThrow(new InvalidInputException("unknown cluster 'b'"));
		given(this.plans.plan(cluster("c"))).willReturn(plan("c", "unreachable: timed out"));

		Result plan = run(this::plans, "plan", "--cluster", "b", "--cluster", "c");
		Result dryRun = run(this::plans, "patch", "--cluster", "b", "--cluster", "c", "--dry-run");
		Result unreadOnly = run(this::plans, "plan", "--cluster", "c");

		assertThat(plan.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(plan.out()).contains("c: 1 chunk(s)");
		assertThat(plan.err()).isEqualTo("ospatch: unknown cluster 'b'" + System.lineSeparator());
		assertThat(dryRun).isEqualTo(plan);
		assertThat(unreadOnly.exitCode()).isEqualTo(ExitCodes.WITHIN_BUDGET);
	}

	@Test
	void anOrdinaryFailureIsOneLineWithTheRootCauseFirstLine() {
		Result run = run(this::failingStart, "cluster", "list");

		assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.err()).isEqualTo("ospatch: failed: Access denied for user 'ospatch'" + System.lineSeparator());
	}

	@Test
	void debugAddsTheStackTraceWhereverItIsGiven() {
		for (String[] args : List.of(new String[] { "--debug", "cluster", "list" },
				new String[] { "cluster", "list", "--debug" }, new String[] { "cluster", "--debug", "list" })) {
			Result run = run(this::failingStart, args);

			assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.FAILED);
			assertThat(run.err()).as(String.join(" ", args))
				.startsWith("ospatch: failed: Access denied for user 'ospatch'" + System.lineSeparator())
				.contains("java.lang.IllegalStateException: context failed")
				.contains("Caused by: java.sql.SQLException")
				.contains("\tat io.ospatch.cli.FailureReportingTests.failingStart");
		}
	}

	@Test
	void debugIsInEveryCommandsHelp() {
		Result help = run(this::failingStart, "plan", "--help");

		assertThat(help.out()).contains("--debug");
	}

	@Test
	void anEmptyDatasourceUrlIsRefusedNamingTheSettingAndHowToSetIt() {
		assertThatThrownBy(() -> SpringBeans.EmptyDatasourceUrl
			.check(new MockEnvironment().withProperty("spring.datasource.url", "")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("SPRING_DATASOURCE_URL (spring.datasource.url) is set but empty: set it to a JDBC URL");
		assertThatNoException().isThrownBy(() -> SpringBeans.EmptyDatasourceUrl.check(new MockEnvironment()));
		assertThatNoException().isThrownBy(() -> SpringBeans.EmptyDatasourceUrl
			.check(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db:3306/ospatch")));
	}

	@Test
	void anEmptyDatasourceUrlEndsTheStartWithOneLineAndExitTwo() {
		String previous = System.setProperty("spring.datasource.url", "");
		try (SpringBeans beans = new SpringBeans()) {
			Result run = run(beans, "cluster", "list");

			assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).startsWith("ospatch: SPRING_DATASOURCE_URL (spring.datasource.url) is set but empty")
				.endsWith("under OSPATCH_HOME (default ~/.ospatch)" + System.lineSeparator());
			assertThat(run.err().strip()).doesNotContain("\n");
		}
		finally {
			if (previous != null) {
				System.setProperty("spring.datasource.url", previous);
			}
			else {
				System.clearProperty("spring.datasource.url");
			}
		}
	}

	private <T> T plans(Class<T> type) {
		return type.cast((type == FleetService.class) ? this.fleet : this.plans);
	}

	/** A cluster the fleet knows, as plan reads it before planning it. */
	private Cluster cluster(String name) {
		Cluster cluster = mock(Cluster.class);
		given(cluster.name()).willReturn(name);
		given(cluster.kind()).willReturn(ClusterKind.PROVISIONED);
		given(this.fleet.cluster(name)).willReturn(cluster);
		return cluster;
	}

	private <T> T failingStart(Class<T> type) {
		throw new IllegalStateException("context failed",
				new SQLException("Access denied for user 'ospatch'\n(using password: YES)"));
	}

	private static ClusterPlan plan(String cluster, String error) {
		return new ClusterPlan(cluster, "1", 0, List.of(new ClusterPlan.Chunk(1,
				List.of(new ClusterPlan.PlannedNode("n-1", "worker", "12.1", (error != null) ? null : "12.2", 3, 1, error)))));
	}

	private static Result run(Beans beans, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = OspatchCli.execute(args, beans, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Result(exitCode, out.toString(), err.toString());
	}

	private record Result(int exitCode, String out, String err) {
	}

}
