package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ospatch.OspatchProperties;
import io.ospatch.ansible.AnsibleLeftovers;
import io.ospatch.ansible.Playbook;
import io.ospatch.ansible.SshControlMasters;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeState;
import io.ospatch.lease.ClusterLeases;
import io.ospatch.lease.Lease;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.lease.LeaseHolder;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunHistory;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunStarted;
import io.ospatch.run.RunSummary;
import io.ospatch.run.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Launches a rollout, like a runbook: check the input → check the machine → end what a dead
 * ospatch on this host left running → lease each cluster
 * (busy ones are left alone) → settle what a dead run left → resume the cluster's unfinished run,
 * or open a new one → run the clusters' jobs in parallel → release the leases → read back what
 * happened. Input problems surface before anything is leased or changed.
 *
 * <p>The command line does it all in one call ({@link #launch}); a server, which must not patch in a
 * request thread, opens the runs in the request ({@link #open}: the run ids are known and a busy
 * cluster is answered at once) and runs them elsewhere ({@link #run}).
 */
@Service
public class PatchLauncher {

	private static final Logger log = LoggerFactory.getLogger(PatchLauncher.class);

	private final FleetService fleet;

	private final Preflight preflight;

	private final ClusterLeases leases;

	private final LeaseHeartbeat heartbeat;

	private final RunRepository runs;

	private final RunEvents events;

	private final RunHistory history;

	private final ClusterJobs jobs;

	private final ChunkLedger ledger;

	private final RolloutStop stop;

	private final AnsibleLeftovers leftovers;

	private final SshControlMasters sshMasters;

	private final Path reportsDir;

	private final RolloutProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	PatchLauncher(FleetService fleet, Preflight preflight, ClusterLeases leases, LeaseHeartbeat heartbeat,
			RunRepository runs, RunEvents events, RunHistory history, ClusterJobs jobs, ChunkLedger ledger,
			RolloutStop stop, AnsibleLeftovers leftovers, SshControlMasters sshMasters, RolloutProperties properties,
			OspatchProperties ospatch, Clock clock, ApplicationEventPublisher publisher) {
		this.publisher = publisher;
		this.leftovers = leftovers;
		this.sshMasters = sshMasters;
		this.reportsDir = ospatch.reportsDir();
		this.fleet = fleet;
		this.preflight = preflight;
		this.leases = leases;
		this.heartbeat = heartbeat;
		this.runs = runs;
		this.events = events;
		this.history = history;
		this.jobs = jobs;
		this.ledger = ledger;
		this.stop = stop;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Patches now: {@link #open} then {@link #run}.
	 * @throws InvalidInputException for an unknown cluster, one that cannot be patched, a missing key or a stored setting that breaks the input rules
	 * @throws PreflightException when this machine cannot run Ansible rollouts
	 */
	public LaunchOutcome launch(LaunchRequest request) {
		return run(open(request));
	}

	/**
	 * The first half of a launch, quick enough for a request thread: checks the input and the
	 * machine, leases each cluster (busy ones are left alone and noted) and opens or resumes its run.
	 * Nothing is patched yet. Fails with everything it leased released.
	 * @return the opened runs, to hand to {@link #run} or {@link #withdraw}
	 * @throws InvalidInputException for an unknown cluster, one that cannot be patched, a missing key or a stored setting that breaks the input rules
	 * @throws PreflightException when this machine cannot run Ansible rollouts
	 */
	public OpenedRuns open(LaunchRequest request) {
		Map<String, String> notPatchable = new LinkedHashMap<>();
		List<Cluster> clusters = clustersToPatch(request, notPatchable);
		// an EKS cluster's node groups are updated through AWS: no SSH, no Ansible
		List<Cluster> overSsh = clusters.stream().filter((cluster) -> !cluster.kind().updatesNodegroups()).toList();
		overSsh.forEach((cluster) -> this.preflight.checkConnection(cluster, this.fleet.nodes(cluster)));
		if (!overSsh.isEmpty()) {
			this.preflight.checkAnsible(Playbook.OS_PATCH);
		}
		this.preflight.checkReportsDir();
		// what a dead ospatch on this host left (inventories, playbook processes) never overlaps a new run
		this.leftovers.clean();

		String launchId = UUID.randomUUID().toString();
		Map<String, String> busy = new LinkedHashMap<>();
		Map<String, String> nothingToDo = new LinkedHashMap<>();
		Map<String, Long> alreadyRun = new LinkedHashMap<>();
		List<OpenedRuns.ClusterLaunch> leased = new ArrayList<>();
		RolloutStop.Running running = this.stop.launchRunning();
		try {
			for (Cluster cluster : clusters) {
				Optional<Lease> lease = this.leases.tryAcquire(cluster.id());
				if (lease.isEmpty()) {
					String holder = this.leases.holder(cluster.id())
						.map((current) -> " (" + current.describe(this.clock.instant()) + ")")
						.orElse("");
					busy.put(cluster.name(), "another run holds it" + holder);
					log.warn("{}: busy: another run holds it{}; not patched this time", cluster.name(), holder);
					continue;
				}
				this.heartbeat.start(lease.get());
				Long runId = null;
				try {
					Optional<RunRepository.Run> done = alreadyRun(cluster, request);
					if (done.isPresent()) {
						alreadyRun.put(cluster.name(), done.get().id());
						log.info("{}: fire time {} already has its run {} ({}); not run again", cluster.name(),
								request.fireTimes().get(cluster.name()), done.get().id(), done.get().outcome());
					}
					else {
						runId = openRun(cluster, lease.get(), request, launchId, busy, nothingToDo);
					}
				}
				finally {
					if (runId == null) {
						// nothing to run here (or opening it failed): the lease goes back at once
						release(lease.get());
					}
				}
				if (runId != null) {
					leased.add(new OpenedRuns.ClusterLaunch(cluster, lease.get(), runId));
				}
			}
			return new OpenedRuns(launchId, request, leased, busy, notPatchable, nothingToDo, alreadyRun, running);
		}
		catch (RuntimeException | Error ex) {
			leased.forEach((clusterLaunch) -> release(clusterLaunch.lease()));
			running.close();
			throw ex;
		}
	}

	/**
	 * The second half of a launch: runs the opened runs' jobs, clusters in parallel, until each run
	 * ends or stops; releases the leases whatever happens; reads back what happened.
	 */
	public LaunchOutcome run(OpenedRuns opened) {
		opened.handOver();
		try {
			runInParallel(opened.leased(), opened.request().pauseBetweenChunks());
		}
		finally {
			opened.closeRunning();
			opened.leased().forEach((clusterLaunch) -> release(clusterLaunch.lease()));
		}
		Map<String, String> busy = new LinkedHashMap<>(opened.busy());
		List<RunSummary> summaries = new ArrayList<>();
		for (OpenedRuns.ClusterLaunch clusterLaunch : opened.leased()) {
			if (clusterLaunch.lease().lost()) {
				busy.put(clusterLaunch.cluster().name(), "lost its lease: " + clusterLaunch.lease().lostReason()
						+ "; another run may hold the cluster now");
			}
			else {
				this.history.find(clusterLaunch.runId()).ifPresent(summaries::add);
			}
		}
		return new LaunchOutcome(opened.launchId(), summaries, busy, opened.notPatchable(), opened.nothingToDo(),
				opened.alreadyRun());
	}

	/**
	 * Gives up opened runs before any of them started (the server could not take them on): each is
	 * recorded stopped, so the next launch resumes it, and its lease is released.
	 * @param why why they did not start, for the run's record
	 */
	public void withdraw(OpenedRuns opened, String why) {
		opened.handOver();
		try {
			Instant now = this.clock.instant();
			for (OpenedRuns.ClusterLaunch clusterLaunch : opened.leased()) {
				String detail = "not started: " + why + "; launching it again resumes it";
				this.runs.finish(clusterLaunch.runId(), RunOutcome.STOPPED, detail, now);
				this.events.record(clusterLaunch.runId(), RunEvent.Kind.STOPPED, detail, now);
				log.warn("{}: run {} {}", clusterLaunch.cluster().name(), clusterLaunch.runId(), detail);
			}
		}
		finally {
			opened.closeRunning();
			opened.leased().forEach((clusterLaunch) -> release(clusterLaunch.lease()));
		}
	}

	private void release(Lease lease) {
		this.heartbeat.stop(lease);
		this.leases.release(lease);
	}

	/**
	 * Holding the lease means no live run has the cluster: an unfinished run was interrupted (its
	 * process died, it was stopped, or it failed) and is resumed — or, with {@code fresh},
	 * abandoned for a new one. A boot launch resumes only a boot run, and opens one limited to the
	 * cluster's new nodes.
	 * @return the run, or {@code null} when there is none to run: the cluster is then noted as
	 * {@code busy} (a boot launch finding another kind of run unfinished) or in {@code nothingToDo}
	 */
	private Long openRun(Cluster cluster, Lease lease, LaunchRequest request, String launchId,
			Map<String, String> busy, Map<String, String> nothingToDo) {
		Instant now = this.clock.instant();
		Optional<RunRepository.Run> unfinished = this.runs.findUnfinished(cluster.id());
		if (unfinished.isPresent() && request.trigger() == Trigger.BOOT && unfinished.get().trigger() != Trigger.BOOT) {
			// a boot launch patches new nodes only: resuming a run of the whole cluster, outside the
			// window it was launched in, is for the command that launched it
			RunRepository.Run run = unfinished.get();
			String why = "its unfinished " + run.trigger() + " run " + run.id() + " holds its rollout; boot does not resume it: "
					+ "'ospatch patch --cluster " + cluster.name() + "' resumes it (or --fresh abandons it)";
			busy.put(cluster.name(), why);
			log.warn("{}: not booted: {}", cluster.name(), why);
			return null;
		}
		if (unfinished.isPresent()) {
			RunRepository.Run run = unfinished.get();
			recordInterruption(run, lease.takenOverFrom(), now);
			if (!request.fresh()) {
				this.runs.resume(run.id());
				this.events.record(run.id(), RunEvent.Kind.RESUMED, "by " + request.launchedBy(), now);
				this.publisher.publishEvent(new RunStarted(run.id(), cluster.name(), true));
				this.leases.attachRun(lease, run.id());
				log.info("{}: resuming its unfinished run {} (started {}, {}); 'patch --fresh' starts a new one instead",
						cluster.name(), run.id(), run.startedAt(), run.outcome());
				return run.id();
			}
			abandon(cluster, run, request.launchedBy(), now);
		}
		List<Long> newNodes = (request.trigger() == Trigger.BOOT) ? newNodes(cluster) : List.of();
		if (request.trigger() == Trigger.BOOT && newNodes.isEmpty()) {
			// and never a boot run without nodes: that would be a run of the whole cluster
			nothingToDo.put(cluster.name(), "no new nodes");
			log.info("{}: no new nodes to patch on boot", cluster.name());
			return null;
		}
		Instant fireTime = request.fireTimes().get(cluster.name());
		String launchedBy = (fireTime != null)
				? request.launchedBy() + " for fire time " + fireTime.atZone(cluster.timezone()).toOffsetDateTime()
				: request.launchedBy();
		long runId = this.runs.create(launchId, cluster.id(), request.trigger(), launchedBy, fireTime, now);
		if (request.trigger() == Trigger.BOOT) {
			this.runs.limitToNodes(runId, newNodes);
		}
		this.events.record(runId, RunEvent.Kind.STARTED, request.trigger() + " by " + launchedBy
				+ ((request.trigger() == Trigger.BOOT) ? ", " + newNodes.size() + " new node(s)" : ""), now);
		this.publisher.publishEvent(new RunStarted(runId, cluster.name(), false));
		this.leases.attachRun(lease, runId);
		return runId;
	}

	/** The nodes a boot run patches: those not patched since they joined. */
	private List<Long> newNodes(Cluster cluster) {
		return this.fleet.nodes(cluster).stream().filter((node) -> node.state() == NodeState.NEW).map(Node::id).toList();
	}

	/**
	 * A scheduled cluster whose fire time has a finished run (or a missed record): another process
	 * handled it between finding it due and this lease. Checked under the lease, so two processes
	 * never both start it; an unfinished run of that fire time is resumed instead, as any other.
	 */
	private Optional<RunRepository.Run> alreadyRun(Cluster cluster, LaunchRequest request) {
		Instant fireTime = request.fireTimes().get(cluster.name());
		if (fireTime == null) {
			return Optional.empty();
		}
		return this.runs.findByFireTime(cluster.id(), fireTime).filter((run) -> run.outcome().finished());
	}

	/** A run still marked running whose process is gone: say when and how it was interrupted. */
	private void recordInterruption(RunRepository.Run run, LeaseHolder deadHolder, Instant now) {
		if (run.outcome() != RunOutcome.RUNNING) {
			return;
		}
		String how = (deadHolder != null)
				? "the process running it (" + deadHolder.process() + ") stopped without finishing; its last heartbeat was at "
						+ deadHolder.heartbeatAt()
				: "the process running it stopped without finishing";
		this.events.record(run.id(), RunEvent.Kind.INTERRUPTED, how,
				(deadHolder != null) ? deadHolder.heartbeatAt() : now);
		log.warn("{}: run {} was interrupted: {}", run.clusterName(), run.id(), how);
	}

	private void abandon(Cluster cluster, RunRepository.Run run, String launchedBy, Instant now) {
		try {
			this.jobs.abandon(run);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot abandon run " + run.id() + " of " + cluster.name() + ": "
					+ ex.getMessage(), ex);
		}
		this.runs.finish(run.id(), RunOutcome.ABANDONED, "abandoned for a fresh run by " + launchedBy, now);
		this.events.record(run.id(), RunEvent.Kind.ABANDONED, "for a fresh run, by " + launchedBy, now);
		this.ledger.settleCutOff(cluster);
		log.warn("{}: run {} abandoned (--fresh); a new run starts", cluster.name(), run.id());
	}

	private void runInParallel(List<OpenedRuns.ClusterLaunch> launches, Duration pauseBetweenChunks) {
		if (launches.isEmpty()) {
			return;
		}
		ExecutorService clusterThreads = Executors.newFixedThreadPool(
				Math.min(launches.size(), this.properties.parallelClusters()), (task) -> new Thread(task, "rollout"));
		try {
			List<Future<?>> running = new ArrayList<>();
			for (OpenedRuns.ClusterLaunch launch : launches) {
				running.add(clusterThreads.submit(() -> runCluster(launch, pauseBetweenChunks)));
			}
			for (Future<?> cluster : running) {
				awaitUninterruptibly(cluster);
			}
		}
		finally {
			clusterThreads.shutdown();
		}
	}

	private void runCluster(OpenedRuns.ClusterLaunch launch, Duration pauseBetweenChunks) {
		Thread.currentThread().setName("rollout-" + launch.cluster().name());
		RunRepository.Run run = this.runs.find(launch.runId()).orElseThrow();
		if (this.stop.requested()) {
			this.runs.finish(run.id(), RunOutcome.STOPPED, "stopped on request before it started; the same command resumes it",
					this.clock.instant());
			return;
		}
		try {
			this.jobs.run(run, launch.cluster().kind(), pauseBetweenChunks);
			if (!launch.lease().lost()) {
				finishIfTheJobDidNot(run);
			}
		}
		catch (Exception ex) {
			String detail = "the patch job could not run: " + ChunkPatcher.oneLine(ex.getMessage());
			Path errors = RunErrorLog.in(ClusterRollout.logDir(this.reportsDir, run.id(), run.clusterName()));
			RunErrorLog.append(errors, "run " + run.id() + ": the patch job could not run", List.of(ex));
			log.error("{}: {} (stack trace in {})", launch.cluster().name(), detail, errors);
			this.runs.finish(run.id(), RunOutcome.FAILED, detail, this.clock.instant());
			this.events.record(run.id(), RunEvent.Kind.FAILED, detail, this.clock.instant());
		}
		finally {
			if (!launch.cluster().kind().updatesNodegroups()) {
				endSshMasters(launch.cluster());
			}
		}
	}

	/** The cluster's kept SSH connections are of no use once its run has ended, whatever the outcome. */
	private void endSshMasters(Cluster cluster) {
		try {
			this.sshMasters.close(ClusterInventory.hosts(cluster, this.fleet.nodes(cluster)));
		}
		catch (RuntimeException ex) {
			log.warn("{}: could not end the SSH connections of the run; they end with ospatch", cluster.name(), ex);
		}
	}

	/**
	 * A process killed after its job completed but before the run was closed leaves a completed job
	 * and a run still marked running: its outcome follows from its results.
	 */
	private void finishIfTheJobDidNot(RunRepository.Run run) {
		if (this.runs.find(run.id()).map(RunRepository.Run::outcome).orElse(null) != RunOutcome.RUNNING) {
			return;
		}
		RunSummary summary = this.history.find(run.id()).orElse(null);
		RunOutcome outcome = (summary == null) ? RunOutcome.COMPLIANT
				: summary.nodegroups().isEmpty() ? outcomeOfNodes(summary) : outcomeOfNodegroups(summary);
		this.runs.finish(run.id(), outcome, null, this.clock.instant());
		this.events.record(run.id(), RunEvent.Kind.ENDED, outcome.value(), this.clock.instant());
	}

	private static RunOutcome outcomeOfNodes(RunSummary summary) {
		List<NodeResultStatus> statuses = summary.nodes().stream().map(NodeResult::status).toList();
		return statuses.contains(NodeResultStatus.NOT_ATTEMPTED) || statuses.contains(NodeResultStatus.FAILED)
				|| statuses.contains(NodeResultStatus.UNREACHABLE) ? RunOutcome.HALTED
						: statuses.contains(NodeResultStatus.SKIPPED) ? RunOutcome.PARTIAL : RunOutcome.COMPLIANT;
	}

	/** An EKS run's node groups: one not attempted means it halted; one not up to date, that it is partial. */
	private static RunOutcome outcomeOfNodegroups(RunSummary summary) {
		List<NodegroupStatus> statuses = summary.nodegroups().stream().map(NodegroupResult::status).toList();
		if (statuses.contains(NodegroupStatus.NOT_ATTEMPTED)) {
			return RunOutcome.HALTED;
		}
		if (statuses.contains(NodegroupStatus.DEFERRED)) {
			return RunOutcome.DEFERRED;
		}
		return statuses.stream().allMatch((status) -> status != null && status.upToDate()) ? RunOutcome.COMPLIANT
				: RunOutcome.PARTIAL;
	}

	/** Waits for a cluster's job; a stop is handled by the jobs themselves, so interrupts do not cut the wait short. */
	private static void awaitUninterruptibly(Future<?> cluster) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					cluster.get();
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException("a cluster's rollout failed unexpectedly: " + ex.getCause().getMessage(),
							ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * The clusters a launch patches: with {@code all}, every one whose kind can be patched (for a boot
	 * launch, every one of those that patches on boot); named ones must be patchable, and patch on
	 * boot for a boot launch.
	 */
	private List<Cluster> clustersToPatch(LaunchRequest request, Map<String, String> notPatchable) {
		boolean boot = request.trigger() == Trigger.BOOT;
		if (request.all()) {
			List<Cluster> patchable = new ArrayList<>();
			for (Cluster cluster : this.fleet.clusters()) {
				if (boot && !cluster.patchOnBoot()) {
					continue;
				}
				(boot ? cluster.kind().bootRefusal() : cluster.kind().patchRefusal()).ifPresentOrElse(
						(reason) -> notPatchable.put(cluster.name(), reason),
						() -> patchable.add(cluster));
			}
			return patchable;
		}
		if (request.clusters().isEmpty()) {
			throw new InvalidInputException("name a cluster (--cluster NAME) or ask for --all");
		}
		List<Cluster> clusters = new ArrayList<>();
		for (String name : request.clusters().stream().distinct().toList()) {
			Cluster cluster = this.fleet.cluster(name);
			clusters.add(boot ? cluster.requireBootable() : cluster.requirePatchable());
		}
		return clusters;
	}

}
