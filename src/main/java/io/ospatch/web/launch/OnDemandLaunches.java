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
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/**
 * Patches one cluster now, on behalf of a user of the console or the API, as {@code ospatch patch
 * --cluster NAME} would: the same checks, leases and messages. The calling (request) thread only
 * opens the run; a {@link LaunchWorker} patches it or, under {@code ospatch.web.launch.mode=kubernetes-job},
 * the run is recorded stopped and resumable, its lease released, and a Kubernetes Job created
 * ({@link PatchJobCreator}) whose {@code ospatch patch --cluster NAME} resumes it.
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

	private final PatchJobCreator jobs;

	private final RunEvents events;

	OnDemandLaunches(FleetService fleet, PatchLauncher launcher, LaunchWorker worker, RunRepository runs,
			ClusterLeases leases, Clock clock, AuditTrail audit, PatchJobCreator jobs, RunEvents events) {
		this.jobs = jobs;
		this.events = events;
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
	 * @throws LaunchJobNotCreatedException when the launch's Kubernetes Job could not be created
	 * @throws PreflightException when this machine cannot run Ansible rollouts
	 */
	public Launched launch(String clusterName, boolean fresh, String user, String via) {
		String launchedBy = user + " (" + via + ")";
		// an unknown or unpatchable cluster is answered as such, even when the workers are full
		Cluster cluster = this.fleet.cluster(clusterName).requirePatchable();
		if (this.jobs.enabled()) {
			return launchInAJob(cluster, fresh, user, via);
		}
		try (LaunchWorker.Place place = reserve(cluster)) {
			OpenedRuns opened = open(cluster, fresh, launchedBy);
			long runId = opened.runIds().get(cluster.name());
			this.worker.start(place, opened);
			return launched(cluster, runId, opened, user, via);
		}
	}

	/**
	 * The run is opened here, so that busy and unknown are answered as ever and the id is known, then
	 * given up resumable, its lease released: the Job's {@code ospatch patch --cluster} takes the
	 * lease and resumes exactly this run.
	 */
	private Launched launchInAJob(Cluster cluster, boolean fresh, String user, String via) {
		OpenedRuns opened = open(cluster, fresh, user + " (" + via + ")");
		long runId = opened.runIds().get(cluster.name());
		this.launcher.withdraw(opened, "handed to a Kubernetes Job (ospatch.web.launch.mode=kubernetes-job)");
		String job;
		try {
			job = this.jobs.create(cluster.name(), runId);
		}
		catch (LaunchJobNotCreatedException ex) {
			log.warn("{}: {}", cluster.name(), ex.getMessage(), ex);
			throw ex;
		}
		this.events.record(runId, RunEvent.Kind.JOB_CREATED, "Job " + job + " in namespace " + this.jobs.namespace()
				+ ", whose ospatch patch --cluster " + cluster.name() + " resumes this run", this.clock.instant());
		return launched(cluster, runId, opened, user, via);
	}

	/** Opens the cluster's run, or answers busy with nothing left leased. */
	private OpenedRuns open(Cluster cluster, boolean fresh, String launchedBy) {
		OpenedRuns opened = this.launcher
			.open(new LaunchRequest(List.of(cluster.name()), false, fresh, Trigger.ON_DEMAND, launchedBy));
		String busy = opened.busy().get(cluster.name());
		Long runId = opened.runIds().get(cluster.name());
		if (busy != null || runId == null) {
			this.launcher.withdraw(opened, "not launched");
			throw busy(cluster, (busy != null) ? busy : "no run could be opened");
		}
		return opened;
	}

	private Launched launched(Cluster cluster, long runId, OpenedRuns opened, String user, String via) {
		this.audit.record(user, AuditTrail.LAUNCH, cluster.name(), "run " + runId + " (" + via + ")");
		log.info("{}: run {} launched on demand by {} ({})", cluster.name(), runId, user, via);
		RunRepository.Run run = this.runs.find(runId).orElseThrow();
		return new Launched(run, !run.launchId().equals(opened.launchId()));
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
