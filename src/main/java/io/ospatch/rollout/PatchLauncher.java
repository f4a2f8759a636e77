package io.ospatch.rollout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ospatch.ansible.Playbook;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Service;

/**
 * Launches a rollout, like a runbook: check the input → check the machine → lease each cluster →
 * open a run per leased cluster → run the patch job → release whatever is still held → read back
 * what happened. Input problems surface before anything is leased or changed.
 */
@Service
public class PatchLauncher {

	private static final Logger log = LoggerFactory.getLogger(PatchLauncher.class);

	private final FleetService fleet;

	private final Preflight preflight;

	private final ClusterLeases leases;

	private final PatchRunRepository runs;

	private final NodeResultRepository results;

	private final JobOperator jobOperator;

	private final Job patchJob;

	private final RolloutProperties properties;

	private final Clock clock;

	PatchLauncher(FleetService fleet, Preflight preflight, ClusterLeases leases, PatchRunRepository runs,
			NodeResultRepository results, JobOperator jobOperator, Job patchJob, RolloutProperties properties,
			Clock clock) {
		this.fleet = fleet;
		this.preflight = preflight;
		this.leases = leases;
		this.runs = runs;
		this.results = results;
		this.jobOperator = jobOperator;
		this.patchJob = patchJob;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @throws InvalidInputException for an unknown cluster, one that cannot be patched, or a missing key
	 * @throws PreflightException when this machine cannot run Ansible rollouts
	 */
	public LaunchOutcome launch(LaunchRequest request) {
		Map<String, String> notPatchable = new LinkedHashMap<>();
		List<Cluster> clusters = clustersToPatch(request, notPatchable);
		clusters.forEach((cluster) -> this.preflight.checkKeys(cluster, this.fleet.nodes(cluster)));
		this.preflight.checkAnsible(Playbook.OS_PATCH);

		String launchId = UUID.randomUUID().toString();
		Map<String, String> busy = new LinkedHashMap<>();
		List<Cluster> leased = new ArrayList<>();
		try {
			for (Cluster cluster : clusters) {
				if (this.leases.tryAcquire(cluster.id(), launchId, this.clock.instant(), this.properties.leaseTtl())) {
					leased.add(cluster);
					finishWhatADeadRunLeft(cluster);
					this.runs.create(launchId, cluster.id(), request.trigger(), request.launchedBy(), this.clock.instant());
				}
				else {
					String holder = this.leases.holder(cluster.id());
					busy.put(cluster.name(), "another run holds it" + ((holder != null) ? " (launch " + holder + ")" : ""));
					log.warn("{}: busy: another run holds it; not patched this time", cluster.name());
				}
			}
			if (!leased.isEmpty()) {
				runJob(launchId, request.trigger());
			}
		}
		finally {
			// normally each partition releases its own cluster; this covers a job that never started
			leased.forEach((cluster) -> this.leases.release(cluster.id(), launchId));
		}
		return new LaunchOutcome(launchId, summaries(launchId), busy, notPatchable);
	}

	/**
	 * Holding the lease means no live run has the cluster: a run still marked running, and nodes
	 * still marked as being patched, were left by a process that died. Its run is closed as failed;
	 * its nodes are marked failed (their state is unknown) until this run patches them.
	 */
	private void finishWhatADeadRunLeft(Cluster cluster) {
		int abandoned = this.runs.abandonRunning(cluster.id(), this.clock.instant());
		List<Node> leftPatching = this.fleet.nodes(cluster)
			.stream()
			.filter((node) -> node.state() == NodeState.PATCHING)
			.toList();
		leftPatching.forEach((node) -> this.fleet.markState(node, NodeState.FAILED));
		if (abandoned > 0 || !leftPatching.isEmpty()) {
			log.warn("{}: a previous run stopped without finishing; closed {} run(s) as failed, {} node(s) it was "
					+ "patching marked failed", cluster.name(), abandoned, leftPatching.size());
		}
	}

	private void runJob(String launchId, Trigger trigger) {
		JobParameters parameters = new JobParametersBuilder().addString(PatchJobConfiguration.LAUNCH_ID, launchId)
			.addString("trigger", trigger.value(), false)
			.toJobParameters();
		try {
			JobExecution execution = this.jobOperator.start(this.patchJob, parameters);
			log.info("launch {}: patch job ended {}", launchId, execution.getStatus());
		}
		catch (Exception ex) {
			String detail = "the patch job could not run: " + ex.getMessage();
			log.error("launch {}: {}", launchId, detail, ex);
			this.runs.findByLaunch(launchId)
				.forEach((run) -> this.runs.finish(run.id(), RunOutcome.FAILED, detail, this.clock.instant()));
		}
	}

	private List<Cluster> clustersToPatch(LaunchRequest request, Map<String, String> notPatchable) {
		if (request.all()) {
			List<Cluster> patchable = new ArrayList<>();
			for (Cluster cluster : this.fleet.clusters()) {
				cluster.kind().patchRefusal().ifPresentOrElse((reason) -> notPatchable.put(cluster.name(), reason),
						() -> patchable.add(cluster));
			}
			return patchable;
		}
		if (request.clusters().isEmpty()) {
			throw new InvalidInputException("name a cluster (--cluster NAME) or ask for --all");
		}
		List<Cluster> clusters = new ArrayList<>();
		for (String name : request.clusters().stream().distinct().toList()) {
			clusters.add(this.fleet.cluster(name).requirePatchable());
		}
		return clusters;
	}

	/** The runs of a launch with their node results. */
	public List<RunSummary> summaries(String launchId) {
		return this.runs.findByLaunch(launchId)
			.stream()
			.map((run) -> new RunSummary(run.id(), run.clusterName(), run.trigger(), run.outcome(), run.outcomeDetail(),
					run.startedAt(), run.endedAt(), this.results.findByRun(run.id())))
			.toList();
	}

}
