package io.ospatch.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cli.CliRunner;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.UtcTimes;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs as the rollout records them, written through the real repositories, for the console's and the
 * API's tests: a provisioned cluster {@value #CLUSTER} of a control-plane node and three workers with a
 * halted run (one node unreachable past the failure budget, two not attempted; node events, a failed
 * webhook call, a sent mail) and a running run after it; an EKS cluster {@value #EKS} with a run that
 * updated one node group and failed another.
 */
public final class WebRuns {

	public static final String CLUSTER = "prod-eu-1";

	public static final String EKS = "eks-prod";

	public static final Instant START = Instant.parse("2026-11-20T03:00:00Z");

	private final ApplicationContext context;

	private final JdbcClient jdbc;

	/** The halted run of {@value #CLUSTER}. */
	public long halted;

	/** The running run of {@value #CLUSTER}, one chunk done. */
	public long running;

	/** The run of {@value #EKS}. */
	public long eks;

	public WebRuns(ApplicationContext context) {
		this.context = context;
		this.jdbc = context.getBean(JdbcClient.class);
	}

	public WebRuns record() {
		cli("cluster", "add", CLUSTER, "--max-unavailable", "1", "--failure-budget", "0");
		cli("node", "add", CLUSTER, "cp-1", "--address", "10.0.0.1", "--role", "control-plane");
		for (int i = 1; i <= 3; i++) {
			cli("node", "add", CLUSTER, "worker-" + i, "--address", "10.0.0.1" + i, "--role", "worker");
		}
		cli("cluster", "add", EKS, "--kind", "eks", "--eks-cluster", "prod", "--region", "eu-west-1");
		this.halted = haltedRun();
		this.running = runningRun();
		this.eks = eksRun();
		return this;
	}

	private long haltedRun() {
		long run = run(CLUSTER, Trigger.SCHEDULED, "cronjob", START);
		result(run, "cp-1", new NodeResult("cp-1", 1, NodeResultStatus.PATCHED, null, "Debian", "12.4", "6.1.0-25-amd64",
				"12.12", "6.1.0-37-amd64", "12.12", 2, List.of("kubelet"), true, 1, null, START.plusSeconds(10),
				START.plusSeconds(250)),
				List.of(new PackageChange("openssl", "3.0.14-1", "3.0.15-1", true, List.of("CVE-2024-9143"))));
		result(run, "worker-1", new NodeResult("worker-1", 2, NodeResultStatus.UNREACHABLE, "unreachable", "Debian", "12.4",
				null, null, null, null, 0, List.of(), false, 3, "ssh: connect to host 10.0.0.11 port 22:\nConnection refused",
				START.plusSeconds(260), START.plusSeconds(400)), List.of());
		result(run, "worker-2", new NodeResult("worker-2", 3, NodeResultStatus.NOT_ATTEMPTED, null, "Debian", "12.4", null,
				null, null, null, 0, List.of(), false, 0, null, null, null), List.of());
		result(run, "worker-3", new NodeResult("worker-3", 4, NodeResultStatus.NOT_ATTEMPTED, null, "Debian", "12.4", null,
				null, null, null, 0, List.of(), false, 0, null, null, null), List.of());
		nodeEvent(run, "cp-1", NodeEvent.Kind.CORDONED, null, 11);
		nodeEvent(run, "cp-1", NodeEvent.Kind.DRAINED, "3 pods evicted", 20);
		nodeEvent(run, "cp-1", NodeEvent.Kind.PATCHING, null, 21);
		nodeEvent(run, "cp-1", NodeEvent.Kind.REBOOTED, null, 200);
		nodeEvent(run, "cp-1", NodeEvent.Kind.PATCHED, null, 230);
		nodeEvent(run, "cp-1", NodeEvent.Kind.READY, null, 240);
		nodeEvent(run, "cp-1", NodeEvent.Kind.UNCORDONED, null, 250);
		nodeEvent(run, "worker-1", NodeEvent.Kind.FAILED, "unreachable: Connection refused", 400);
		Instant end = START.plusSeconds(401);
		runs().finish(run, RunOutcome.HALTED, "1 node failed past the failure budget of 0", end);
		this.context.getBean(RunEvents.class).record(run, RunEvent.Kind.ENDED, "halted", end);
		this.jdbc.sql("""
				INSERT INTO webhook_deliveries (run_id, event, target, status, attempts, http_status, error_text, delivered_at)
				VALUES (?, 'halted', 'https://hooks.example.com/…', 'failed', 3, 500, 'HTTP 500: Internal Server Error', ?)""")
			.params(run, UtcTimes.toDb(end.plusSeconds(30)))
			.update();
		RunMails mails = this.context.getBean(RunMails.class);
		assertThat(mails.claim(run)).isTrue();
		mails.sent(run, "to security@example.com", 1, end.plusSeconds(5));
		return run;
	}

	private long runningRun() {
		Instant start = START.plus(Duration.ofDays(7));
		long run = run(CLUSTER, Trigger.ON_DEMAND, "otto", start);
		result(run, "cp-1", new NodeResult("cp-1", 1, NodeResultStatus.ALREADY_CURRENT, null, "Debian", "12.12", null,
				"12.12", null, "12.12", 0, List.of(), false, 1, null, start.plusSeconds(5), start.plusSeconds(60)), List.of());
		return run;
	}

	private long eksRun() {
		Instant start = START.plus(Duration.ofDays(1));
		long run = run(EKS, Trigger.SCHEDULED, "cronjob", start);
		NodegroupResultRepository nodegroups = this.context.getBean(NodegroupResultRepository.class);
		nodegroups.ended(run, new NodegroupResult("workers-a", "1.31.0-20241011", "1.31.2-20241109", "upd-a",
				NodegroupStatus.SUCCESSFUL, null, start.plusSeconds(10), start.plusSeconds(900)));
		nodegroups.ended(run, new NodegroupResult("workers-b", "1.31.0-20241011", null, "upd-b", NodegroupStatus.FAILED,
				"NodeCreationFailure: instances failed to join the kubernetes cluster", start.plusSeconds(900),
				start.plusSeconds(1500)));
		runs().finish(run, RunOutcome.HALTED, "1 node group failed past the failure budget of 0", start.plusSeconds(1501));
		return run;
	}

	private long run(String cluster, Trigger trigger, String launchedBy, Instant start) {
		long clusterId = this.context.getBean(FleetService.class).cluster(cluster).id();
		long run = runs().create(UUID.randomUUID().toString(), clusterId, trigger, launchedBy, start);
		this.context.getBean(RunEvents.class).record(run, RunEvent.Kind.STARTED, launchedBy, start);
		return run;
	}

	private void result(long run, String node, NodeResult result, List<PackageChange> packages) {
		this.context.getBean(NodeResultRepository.class).insert(run, nodeId(node), result, packages);
	}

	private void nodeEvent(long run, String node, NodeEvent.Kind kind, String detail, int afterSeconds) {
		this.context.getBean(NodeEvents.class).record(run, nodeId(node), kind, detail, START.plusSeconds(afterSeconds));
	}

	private long nodeId(String node) {
		FleetService fleet = this.context.getBean(FleetService.class);
		return fleet.nodes(fleet.cluster(CLUSTER))
			.stream()
			.filter((candidate) -> candidate.name().equals(node))
			.findFirst()
			.orElseThrow()
			.id();
	}

	private RunRepository runs() {
		return this.context.getBean(RunRepository.class);
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

}
