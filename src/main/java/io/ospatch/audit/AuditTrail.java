package io.ospatch.audit;

import java.time.Clock;
import java.util.List;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who changed the fleet or launched a patch, when, and what: one entry per change or launch, from
 * the command line, the web console and the REST API alike. Callers record once their change is
 * made, with the same actor their channel already names (the command line's {@code user@host}, the
 * login name of the console and API) and a detail without secrets ({@link ChangeDetails} describes
 * setting changes that way).
 */
@Service
public class AuditTrail {

	/** {@code ospatch cluster add}, {@code POST /api/v1/clusters}. */
	public static final String CLUSTER_ADD = "cluster add";

	/** {@code ospatch cluster set}, {@code PATCH /api/v1/clusters/{name}}, the OS Patching Schedule page's save. */
	public static final String CLUSTER_SET = "cluster set";

	/** {@code ospatch cluster remove}, {@code DELETE /api/v1/clusters/{name}}. */
	public static final String CLUSTER_REMOVE = "cluster remove";

	/** {@code ospatch node add}, {@code POST /api/v1/clusters/{name}/nodes}. */
	public static final String NODE_ADD = "node add";

	/** {@code ospatch node remove}, {@code DELETE /api/v1/clusters/{name}/nodes/{node}}. */
	public static final String NODE_REMOVE = "node remove";

	/** {@code ospatch import}: one entry per cluster the fleet file added or changed. */
	public static final String IMPORT = "import";

	/** {@code ospatch unlock}: a lease released by hand. */
	public static final String UNLOCK = "unlock";

	/** An on-demand patch: {@code ospatch patch}, Patch now, {@code POST /api/v1/clusters/{name}/runs}. */
	public static final String LAUNCH = "launch";

	/** The most entries one read returns. */
	public static final int MAX_LIMIT = 1000;

	static final int MAX_ACTOR = 255;

	static final int MAX_ACTION = 32;

	static final int MAX_DETAIL = 2048;

	private final JdbcClient jdbc;

	private final Clock clock;

	AuditTrail(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a change or a launch, now, in a transaction of its own: committed whatever becomes of
	 * the caller's transaction, so call it once the change is made. For example, a launch from the
	 * web console: {@code record(user.getName(), AuditTrail.LAUNCH, "prod-eu-1", "run 42")}.
	 * @param actor who: {@code user@host} on the command line, the login name in the console and the API
	 * @param action what: one of this class's constants
	 * @param cluster the cluster, or {@code null} for the whole fleet
	 * @param detail what changed, or {@code null}; never a secret (cut at 2048 characters)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void record(String actor, String action, String cluster, String detail) {
		if (actor == null || actor.isBlank() || action == null || action.isBlank()) {
			throw new IllegalArgumentException("an audit entry needs an actor and an action");
		}
		this.jdbc.sql("INSERT INTO audit_trail (occurred_at, actor, action, cluster_name, detail) VALUES (?, ?, ?, ?, ?)")
			.params(UtcTimes.toDb(this.clock.instant()), cut(oneLine(actor), MAX_ACTOR), cut(action, MAX_ACTION), cluster,
					(detail != null) ? cut(oneLine(detail), MAX_DETAIL) : null)
			.update();
	}

	/**
	 * The latest entries, newest first.
	 * @param cluster only this cluster's (a removed one's too), or {@code null} for all
	 * @param limit at most this many, 1-{@value #MAX_LIMIT}
	 * @throws InvalidInputException for a limit out of range or a malformed cluster name
	 */
	@Transactional(readOnly = true)
	public List<AuditEntry> recent(String cluster, int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidInputException("limit must be 1-" + MAX_LIMIT + ", not " + limit);
		}
		if (cluster != null) {
			InputRules.clusterName(cluster);
		}
		String where = (cluster != null) ? " WHERE cluster_name = :cluster" : "";
		var query = this.jdbc.sql("SELECT id, occurred_at, actor, action, cluster_name, detail FROM audit_trail" + where
				+ " ORDER BY occurred_at DESC, id DESC LIMIT :limit")
			.param("limit", limit);
		if (cluster != null) {
			query = query.param("cluster", cluster);
		}
		return query
			.query((rs, row) -> new AuditEntry(rs.getLong("id"), UtcTimes.read(rs, "occurred_at"), rs.getString("actor"),
					rs.getString("action"), rs.getString("cluster_name"), rs.getString("detail")))
			.list();
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
	}

	private static String cut(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length - 3) + "...";
	}

}
