package io.ospatch.web.launch;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.ospatch.audit.AuditTrail;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.lease.ClusterLeases;
import io.ospatch.lease.LeaseHolder;
import io.ospatch.rollout.LaunchRequest;
import io.ospatch.rollout.OpenedRuns;
import io.ospatch.rollout.PatchLauncher;
import io.ospatch.rollout.PreflightException;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/**
 * Patches one cluster now, on behalf of a user of the console or the API, as {@code ospatch patch
 * --cluster NAME} would: the same checks, leases and messages. The calling (request) thread only
 * opens the run; a {@link LaunchWorker} patches it.
 */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OnDemandLaunches {

	private static final Logger log = LoggerFactory.getLogger(OnDemandLaunches.class);

	private final FleetService fleet;

	private final PatchLauncher launcher;

	private final LaunchWorker worker;

	private final RunRepository runs;

	private final ClusterLeases leases;

	private final Clock clock;

	private final AuditTrail audit;

	OnDemandLaunches(FleetService fleet, PatchLauncher launcher, LaunchWorker worker, RunRepository runs,
			ClusterLeases leases, Clock clock, AuditTrail audit) {
		this.audit = audit;
		this.leases = leases;
		this.clock = clock;
		this.fleet = fleet;
		this.launcher = launcher;
		this.worker = worker;
		this.runs = runs;
	}

	/**
	 * Opens (or, unless {@code fresh}, resumes) the cluster's run and hands it to a worker, and
	 * records in the audit trail who launched it.
	 * @param user who launches it: the login name
	 * @param via where from ({@code web}, {@code api}): the run records {@code user (via)} as who launched it
	 * @return the run, as it is when handed over (running), and whether it was resumed
	 * @throws InvalidInputException for an unknown cluster, one that cannot be patched, a missing key or a stored setting that breaks the input rules
	 * @throws ClusterBusyException when another run holds the cluster
	 * @throws LaunchWorkerFullException when the server takes no further launch now
	 * @throws PreflightException when this machine cannot run Ansible rollouts
	 */
	public Launched launch(String clusterName, boolean fresh, String user, String via) {
		String launchedBy = user + " (" + via + ")";
		// an unknown or unpatchable cluster is answered as such, even when the workers are full
		Cluster cluster = this.fleet.cluster(clusterName).requirePatchable();
		try (LaunchWorker.Place place = reserve(cluster)) {
			OpenedRuns opened = this.launcher
				.open(new LaunchRequest(List.of(cluster.name()), false, fresh, Trigger.ON_DEMAND, launchedBy));
			String busy = opened.busy().get(cluster.name());
			Long runId = opened.runIds().get(cluster.name());
			if (busy != null || runId == null) {
				this.launcher.withdraw(opened, "not launched");
				throw busy(cluster, (busy != null) ? busy : "no run could be opened");
			}
			this.worker.start(place, opened);
			this.audit.record(user, AuditTrail.LAUNCH, cluster.name(), "run " + runId + " (" + via + ")");
			log.info("{}: run {} launched on demand by {}", cluster.name(), runId, launchedBy);
			RunRepository.Run run = this.runs.find(runId).orElseThrow();
			return new Launched(run, !run.launchId().equals(opened.launchId()));
		}
	}

	/**
	 * A place in the worker, reserved before anything is leased. With none free, a cluster that a run
	 * holds is answered busy all the same: that is why it cannot be patched now, whatever the workers.
	 */
	private LaunchWorker.Place reserve(Cluster cluster) {
		try {
			return this.worker.reserve();
		}
		catch (LaunchWorkerFullException ex) {
			Optional<LeaseHolder> holder = this.leases.holder(cluster.id());
			if (holder.isPresent()) {
				throw busy(cluster, "another run holds it (" + holder.get().describe(this.clock.instant()) + ")");
			}
			throw ex;
		}
	}

	private static ClusterBusyException busy(Cluster cluster, String why) {
		return new ClusterBusyException("cluster '" + cluster.name() + "' is busy, not patched: " + why);
	}

	/**
	 * A run handed to a worker.
	 *
	 * @param run the run, as it was when handed over
	 * @param resumed whether it is an unfinished run resumed, rather than a new one
	 */
	public record Launched(RunRepository.Run run, boolean resumed) {
	}

	/** The run a launch of the cluster would resume, if it has an unfinished one. */
	public Optional<RunRepository.Run> unfinished(Cluster cluster) {
		return this.runs.findUnfinished(cluster.id());
	}

}
