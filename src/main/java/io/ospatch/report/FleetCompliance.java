package io.ospatch.report;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunRepository.Run;
import io.ospatch.schedule.FireTimes;
import io.ospatch.schedule.Schedule;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The fleet's compliance, cluster by cluster: what the index and {@code ospatch compliance} show.
 *
 * <p>A cluster's compliance is the compliance after its latest run that has node results, as
 * {@link RunFigures} counts it; the fleet's is the sum of those: compliant nodes over nodes, of the
 * clusters that have such a run. Clusters never patched and kinds ospatch does not patch are listed,
 * with their registered nodes, but count in neither sum: nothing was measured on them.
 *
 * <p>An EKS cluster's nodes are not known to ospatch: its units are node groups, measured by its
 * latest run with node-group results ({@link NodegroupFigures}: up to date after it), and summed
 * apart from the nodes.
 */
@Service
public class FleetCompliance {

	/**
	 * Where one cluster stands.
	 *
	 * @param cluster its name
	 * @param kind its kind
	 * @param refusal why ospatch does not patch its kind, or {@code null} if it does
	 * @param latestRun its latest run (or missed record), or {@code null} if it never had one
	 * @param figuresRun the run its compliance comes from (its latest run of all its nodes with results; a boot run only without one), or {@code null}
	 * @param nodes the nodes of that run; without one, its registered nodes
	 * @param compliant the nodes compliant after that run, or {@code null} without one
	 * @param schedule its schedule as set, or {@code null} for none
	 * @param timezone the zone its schedule is read in
	 * @param nextPatch its next fire time not yet handled, in its timezone, or {@code null} without a
	 * schedule (or for a kind ospatch does not patch)
	 * @param unit what {@code nodes} and {@code compliant} count: {@code nodes}, or an EKS cluster's
	 * {@code node groups} (compliant: up to date)
	 */
	public record ClusterStanding(String cluster, ClusterKind kind, String refusal, Run latestRun, Long figuresRun,
			long nodes, Long compliant, String schedule, ZoneId timezone, ZonedDateTime nextPatch, String unit) {

		/** Whether it is measured in node groups (an EKS cluster) rather than nodes. */
		public boolean ofNodegroups() {
			return NODEGROUPS.equals(this.unit);
		}

		/**
		 * Its latest run failed or halted, or its latest fire time was missed (nothing was patched when
		 * its schedule said): someone should look.
		 */
		public boolean needsAttention() {
			return this.latestRun != null && (this.latestRun.outcome() == RunOutcome.FAILED
					|| this.latestRun.outcome() == RunOutcome.HALTED || this.latestRun.outcome() == RunOutcome.MISSED);
		}

		public boolean patchable() {
			return this.refusal == null;
		}

		/** A kind ospatch patches, without any run yet. */
		public boolean neverPatched() {
			return patchable() && this.latestRun == null;
		}

		/** Compliant nodes over nodes, 0 to 1; empty when not measured or without nodes. */
		public Optional<Double> share() {
			return FleetCompliance.share(this.compliant, this.nodes);
		}

	}

	/**
	 * The whole fleet.
	 *
	 * @param clusters every cluster: failed, halted or missed first, then by name
	 * @param nodes the nodes of the clusters with a measured compliance
	 * @param compliant the compliant nodes among those
	 * @param nodegroups the node groups of the EKS clusters with a measured compliance
	 * @param compliantNodegroups the node groups up to date among those
	 */
	public record Standing(List<ClusterStanding> clusters, long nodes, long compliant, long nodegroups,
			long compliantNodegroups) {

		public Optional<Double> share() {
			return FleetCompliance.share(this.compliant, this.nodes);
		}

		public Optional<Double> nodegroupShare() {
			return FleetCompliance.share(this.compliantNodegroups, this.nodegroups);
		}

	}

	/** What a node cluster's figures count. */
	public static final String NODES = "nodes";

	/** What an EKS cluster's figures count. */
	public static final String NODEGROUPS = "node groups";

	/** Failed, halted or missed first: those are the clusters someone must look at. */
	static final Comparator<ClusterStanding> ORDER = Comparator
		.comparing((ClusterStanding standing) -> !standing.needsAttention())
		.thenComparing(ClusterStanding::cluster);

	private final FleetService fleet;

	private final RunRepository runs;

	private final NodeResultRepository results;

	private final NodegroupResultRepository nodegroupResults;

	private final FireTimes fireTimes;

	private final JdbcClient jdbc;

	private final Clock clock;

	FleetCompliance(FleetService fleet, RunRepository runs, NodeResultRepository results,
			NodegroupResultRepository nodegroupResults, FireTimes fireTimes, JdbcClient jdbc, Clock clock) {
		this.fleet = fleet;
		this.runs = runs;
		this.results = results;
		this.nodegroupResults = nodegroupResults;
		this.fireTimes = fireTimes;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Where the fleet stands now, read from the database. */
	public Standing standing() {
		Map<Long, Long> figuresRuns = latestRunsWithResults();
		Map<Long, Long> nodegroupRuns = latestRunsWithNodegroupResults();
		List<ClusterStanding> clusters = this.fleet.clusters()
			.stream()
			.map((cluster) -> (cluster.kind() == ClusterKind.EKS) ? eksStanding(cluster, nodegroupRuns.get(cluster.id()))
					: standing(cluster, figuresRuns.get(cluster.id())))
			.sorted(ORDER)
			.toList();
		long nodes = 0;
		long compliant = 0;
		long nodegroups = 0;
		long compliantNodegroups = 0;
		for (ClusterStanding cluster : clusters) {
			if (cluster.compliant() != null && cluster.ofNodegroups()) {
				nodegroups += cluster.nodes();
				compliantNodegroups += cluster.compliant();
			}
			else if (cluster.compliant() != null) {
				nodes += cluster.nodes();
				compliant += cluster.compliant();
			}
		}
		return new Standing(clusters, nodes, compliant, nodegroups, compliantNodegroups);
	}

	private ClusterStanding standing(Cluster cluster, Long latestWithResults) {
		Run latest = this.runs.recent(cluster.name(), 1).stream().findFirst().orElse(null);
		String refusal = cluster.kind().patchRefusal().orElse(null);
		// a kind ospatch does not patch (changed since its runs) is not measured: no run speaks for it now
		Long figuresRun = (refusal == null) ? latestWithResults : null;
		long nodes;
		Long compliant = null;
		if (figuresRun != null) {
			RunFigures.Builder figures = RunFigures.builder();
			this.results.findByRun(figuresRun).forEach(figures::add);
			RunFigures built = figures.build();
			nodes = built.total();
			compliant = built.compliantAfter();
		}
		else {
			nodes = this.fleet.nodes(cluster).size();
		}
		ZonedDateTime next = (refusal == null && cluster.schedule() != null) ? nextPatch(cluster) : null;
		return new ClusterStanding(cluster.name(), cluster.kind(), refusal, latest, figuresRun, nodes, compliant,
				cluster.schedule(), cluster.timezone(), next, NODES);
	}

	/** An EKS cluster, measured by the node groups of its latest run that recorded any. */
	private ClusterStanding eksStanding(Cluster cluster, Long latestWithNodegroups) {
		Run latest = this.runs.recent(cluster.name(), 1).stream().findFirst().orElse(null);
		String refusal = cluster.kind().patchRefusal().orElse(null);
		Long figuresRun = (refusal == null) ? latestWithNodegroups : null;
		long nodegroups = 0;
		Long upToDate = null;
		if (figuresRun != null) {
			NodegroupFigures figures = NodegroupFigures.of(this.nodegroupResults.findByRun(figuresRun));
			nodegroups = figures.total();
			upToDate = figures.upToDate();
		}
		ZonedDateTime next = (refusal == null && cluster.schedule() != null) ? nextPatch(cluster) : null;
		return new ClusterStanding(cluster.name(), cluster.kind(), refusal, latest, figuresRun, nodegroups, upToDate,
				cluster.schedule(), cluster.timezone(), next, NODEGROUPS);
	}

	/** The stored next fire time; one not stored yet (an older ospatch set the schedule) is computed. */
	private ZonedDateTime nextPatch(Cluster cluster) {
		return this.fireTimes.next(cluster).orElseGet(() -> {
			try {
				return Schedule.parse(cluster.schedule()).nextAfter(this.clock.instant(), cluster.timezone());
			}
			catch (InvalidInputException ex) {
				return null; // a schedule stored by hand that ospatch cannot read: 'scheduled' says so
			}
		});
	}

	/** Per cluster id, its latest run that has node results: one query for the whole fleet. */
	/**
	 * Per cluster, the run that measures it: its latest run of all its nodes with results. A boot
	 * run patches only the new nodes, so it measures a cluster only when no run of all its nodes does.
	 */
	private Map<Long, Long> latestRunsWithResults() {
		Map<Long, Long> measuring = latestRunsWithResults("""
				AND NOT EXISTS (SELECT 1 FROM patch_run_nodes l WHERE l.run_id = p.id)""");
		latestRunsWithResults("").forEach(measuring::putIfAbsent);
		return measuring;
	}

	/** Per cluster id, its latest run that has node-group results. */
	private Map<Long, Long> latestRunsWithNodegroupResults() {
		return this.jdbc.sql("""
				SELECT p.cluster_id, MAX(p.id) AS run_id FROM patch_runs p
				WHERE EXISTS (SELECT 1 FROM nodegroup_results r WHERE r.run_id = p.id)
				GROUP BY p.cluster_id""")
			.query((rs, row) -> Map.entry(rs.getLong("cluster_id"), rs.getLong("run_id")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, HashMap::new));
	}

	private Map<Long, Long> latestRunsWithResults(String condition) {
		return this.jdbc.sql("""
				SELECT p.cluster_id, MAX(p.id) AS run_id FROM patch_runs p
				WHERE EXISTS (SELECT 1 FROM node_results r WHERE r.run_id = p.id) %s
				GROUP BY p.cluster_id""".formatted(condition))
			.query((rs, row) -> Map.entry(rs.getLong("cluster_id"), rs.getLong("run_id")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, HashMap::new));
	}

	/**
	 * For example {@code 5 of 8 nodes compliant (62.5%) in 4 measured clusters}, followed by
	 * {@code ; 3 of 4 node groups up to date (75.0%) in 1 measured EKS cluster} when any is measured.
	 */
	public static String fleetLine(Standing standing) {
		long measured = standing.clusters()
			.stream()
			.filter((cluster) -> cluster.compliant() != null && !cluster.ofNodegroups())
			.count();
		String line = standing.compliant() + " of " + standing.nodes() + " nodes compliant (" + percent(standing.share())
				+ ") in " + measured + ((measured == 1) ? " measured cluster" : " measured clusters");
		long eks = standing.clusters()
			.stream()
			.filter((cluster) -> cluster.compliant() != null && cluster.ofNodegroups())
			.count();
		if (eks > 0) {
			line += "; " + standing.compliantNodegroups() + " of " + standing.nodegroups() + " node groups up to date ("
					+ percent(standing.nodegroupShare()) + ") in " + eks
					+ ((eks == 1) ? " measured EKS cluster" : " measured EKS clusters");
		}
		return line;
	}

	static Optional<Double> share(Long compliant, long nodes) {
		return (compliant == null || nodes == 0) ? Optional.empty() : Optional.of((double) compliant / nodes);
	}

	/**
	 * For example {@code 66.6%} for 2 of 3, or {@code -} when not measured. Rounded down, so that 1999
	 * of 2000 never reads as 100%.
	 */
	public static String percent(Optional<Double> share) {
		return share.map((value) -> String.format(Locale.ROOT, "%.1f%%", Math.floor(value * 1000 + 1e-9) / 10)).orElse("-");
	}

}
