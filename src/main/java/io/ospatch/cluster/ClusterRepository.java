package io.ospatch.cluster;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Clusters with their contacts and inventory variables. */
@Repository
class ClusterRepository {

	private static final String SELECT = """
			SELECT id, name, kind, timezone, patch_on_boot, schedule, max_unavailable, failure_budget,
			       ssh_user, ssh_private_key_path, ssh_known_hosts_path, ssh_jump_host, become_password_path,
			       kubeconfig_path, kube_context, kube_in_cluster, maintenance_window, drain_delete_emptydir,
			       eks_cluster_name, eks_region, eks_nodegroups, eks_force, webhook_url, webhook_secret_path
			FROM clusters""";

	/** Most names or ids in one {@code IN} list: far below what MySQL and H2 take in a statement. */
	private static final int MOST_PER_QUERY = 500;

	private final JdbcClient jdbc;

	ClusterRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Cluster> findByName(String name) {
		return this.jdbc.sql(SELECT + " WHERE name = ?")
			.param(name)
			.query(this::mapCluster)
			.optional();
	}

	/**
	 * Every cluster by name, in three queries whatever the size of the fleet (clusters, contacts,
	 * variables): call it within a transaction for the three to agree.
	 */
	List<Cluster> findAll() {
		Map<Long, List<String>> contacts = contactsBy(
				this.jdbc.sql("SELECT cluster_id, email FROM cluster_contacts ORDER BY cluster_id, email"));
		Map<Long, Map<String, String>> vars = varsBy(
				this.jdbc.sql("SELECT cluster_id, name, var_value FROM cluster_inventory_vars ORDER BY cluster_id, name"));
		return this.jdbc.sql(SELECT + " ORDER BY name")
			.query((rs, row) -> mapCluster(rs, contacts.getOrDefault(rs.getLong("id"), List.of()),
					vars.getOrDefault(rs.getLong("id"), Map.of())))
			.list();
	}

	/**
	 * The clusters of these names, in no particular order, names that no cluster has left out: three
	 * queries per {@value #MOST_PER_QUERY} names rather than three per cluster. Call it within a
	 * transaction for them to agree.
	 */
	List<Cluster> findByNames(Collection<String> names) {
		List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
		List<Cluster> found = new ArrayList<>(distinct.size());
		for (int from = 0; from < distinct.size(); from += MOST_PER_QUERY) {
			List<String> some = distinct.subList(from, Math.min(distinct.size(), from + MOST_PER_QUERY));
			Map<Long, List<String>> contacts = contactsBy(this.jdbc.sql("""
					SELECT t.cluster_id, t.email FROM cluster_contacts t JOIN clusters c ON c.id = t.cluster_id
					WHERE c.name IN (:names) ORDER BY t.cluster_id, t.email""").param("names", some));
			Map<Long, Map<String, String>> vars = varsBy(this.jdbc.sql("""
					SELECT t.cluster_id, t.name, t.var_value FROM cluster_inventory_vars t
					JOIN clusters c ON c.id = t.cluster_id
					WHERE c.name IN (:names) ORDER BY t.cluster_id, t.name""").param("names", some));
			found.addAll(this.jdbc.sql(SELECT + " WHERE name IN (:names)")
				.param("names", some)
				.query((rs, row) -> mapCluster(rs, contacts.getOrDefault(rs.getLong("id"), List.of()),
						vars.getOrDefault(rs.getLong("id"), Map.of())))
				.list());
		}
		return found;
	}

	private static Map<Long, List<String>> contactsBy(JdbcClient.StatementSpec query) {
		Map<Long, List<String>> contacts = new HashMap<>();
		query.query((rs) -> {
			contacts.computeIfAbsent(rs.getLong("cluster_id"), (id) -> new ArrayList<>()).add(rs.getString("email"));
		});
		return contacts;
	}

	private static Map<Long, Map<String, String>> varsBy(JdbcClient.StatementSpec query) {
		Map<Long, Map<String, String>> vars = new HashMap<>();
		query.query((rs) -> {
			vars.computeIfAbsent(rs.getLong("cluster_id"), (id) -> new LinkedHashMap<>())
				.put(rs.getString("name"), rs.getString("var_value"));
		});
		return vars;
	}

	long insert(Cluster cluster, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO clusters (name, kind, timezone, patch_on_boot, schedule, max_unavailable, failure_budget,
				                      ssh_user, ssh_private_key_path, ssh_known_hosts_path, ssh_jump_host,
				                      become_password_path, kubeconfig_path, kube_context, kube_in_cluster,
				                      maintenance_window, drain_delete_emptydir, eks_cluster_name, eks_region,
				                      eks_nodegroups, eks_force, webhook_url, webhook_secret_path, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(cluster.name(), cluster.kind().value(), cluster.timezone().getId(), cluster.patchOnBoot(),
					cluster.schedule(), cluster.maxUnavailable().toString(), cluster.failureBudget().toString(),
					cluster.sshUser(), pathOrNull(cluster.sshKey()), pathOrNull(cluster.knownHosts()), cluster.jumpHost(),
					pathOrNull(cluster.becomePasswordFile()), kubeconfigPath(cluster), kubeContext(cluster),
					inCluster(cluster), maintenanceWindow(cluster), cluster.drainDeleteEmptyDirData(), eksCluster(cluster),
					eksRegion(cluster), eksNodegroups(cluster), eksForce(cluster), webhookUrl(cluster),
					webhookSecretPath(cluster), UtcTimes.toDb(now), UtcTimes.toDb(now))
			.update(keys, "id");
		long id = keys.getKeyAs(Number.class).longValue();
		replaceContactsAndVars(id, cluster);
		return id;
	}

	void update(Cluster cluster, Instant now) {
		this.jdbc.sql("""
				UPDATE clusters SET kind = ?, timezone = ?, patch_on_boot = ?, schedule = ?, max_unavailable = ?,
				       failure_budget = ?, ssh_user = ?, ssh_private_key_path = ?, ssh_known_hosts_path = ?,
				       ssh_jump_host = ?, become_password_path = ?, kubeconfig_path = ?, kube_context = ?,
				       kube_in_cluster = ?, maintenance_window = ?, drain_delete_emptydir = ?, eks_cluster_name = ?,
				       eks_region = ?, eks_nodegroups = ?, eks_force = ?, webhook_url = ?, webhook_secret_path = ?,
				       updated_at = ?
				WHERE id = ?""")
			.params(cluster.kind().value(), cluster.timezone().getId(), cluster.patchOnBoot(), cluster.schedule(),
					cluster.maxUnavailable().toString(), cluster.failureBudget().toString(), cluster.sshUser(),
					pathOrNull(cluster.sshKey()), pathOrNull(cluster.knownHosts()), cluster.jumpHost(),
					pathOrNull(cluster.becomePasswordFile()), kubeconfigPath(cluster), kubeContext(cluster),
					inCluster(cluster), maintenanceWindow(cluster), cluster.drainDeleteEmptyDirData(), eksCluster(cluster),
					eksRegion(cluster), eksNodegroups(cluster), eksForce(cluster), webhookUrl(cluster),
					webhookSecretPath(cluster), UtcTimes.toDb(now), cluster.id())
			.update();
		replaceContactsAndVars(cluster.id(), cluster);
	}

	boolean leased(long id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases WHERE cluster_id = ?").param(id).query(Long.class).single() > 0;
	}

	long countRuns(long id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM patch_runs WHERE cluster_id = ?").param(id).query(Long.class).single();
	}

	/**
	 * Deletes the cluster with its nodes, contacts, variables and runs (the foreign keys cascade),
	 * unless a lease appeared since it was checked: one statement, so a run cannot slip in between.
	 * @return whether it was deleted
	 */
	boolean deleteUnlessLeased(long id) {
		return this.jdbc.sql("""
				DELETE FROM clusters WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cluster_leases WHERE cluster_id = ?)""")
			.params(id, id)
			.update() == 1;
	}

	private void replaceContactsAndVars(long id, Cluster cluster) {
		this.jdbc.sql("DELETE FROM cluster_contacts WHERE cluster_id = ?").param(id).update();
		for (String email : cluster.contacts()) {
			this.jdbc.sql("INSERT INTO cluster_contacts (cluster_id, email) VALUES (?, ?)").params(id, email).update();
		}
		this.jdbc.sql("DELETE FROM cluster_inventory_vars WHERE cluster_id = ?").param(id).update();
		for (Map.Entry<String, String> variable : cluster.inventoryVars().entrySet()) {
			this.jdbc.sql("INSERT INTO cluster_inventory_vars (cluster_id, name, var_value) VALUES (?, ?, ?)")
				.params(id, variable.getKey(), variable.getValue())
				.update();
		}
	}

	/** A cluster with its contacts and variables, read by one query each. */
	private Cluster mapCluster(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		List<String> contacts = this.jdbc.sql("SELECT email FROM cluster_contacts WHERE cluster_id = ? ORDER BY email")
			.param(id)
			.query(String.class)
			.list();
		Map<String, String> vars = new LinkedHashMap<>();
		this.jdbc.sql("SELECT name, var_value FROM cluster_inventory_vars WHERE cluster_id = ? ORDER BY name")
			.param(id)
			.query((vr) -> {
				vars.put(vr.getString("name"), vr.getString("var_value"));
			});
		return mapCluster(rs, contacts, vars);
	}

	private static Cluster mapCluster(ResultSet rs, List<String> contacts, Map<String, String> vars)
			throws SQLException {
		long id = rs.getLong("id");
		String key = rs.getString("ssh_private_key_path");
		String knownHosts = rs.getString("ssh_known_hosts_path");
		String becomePassword = rs.getString("become_password_path");
		return new Cluster(id, rs.getString("name"), ClusterKind.of(rs.getString("kind")),
				ZoneId.of(rs.getString("timezone")), rs.getBoolean("patch_on_boot"), rs.getString("schedule"),
				CountOrPercent.parse("max-unavailable", rs.getString("max_unavailable")),
				CountOrPercent.parse("failure-budget", rs.getString("failure_budget")), contacts,
				rs.getString("ssh_user"), (key != null) ? Path.of(key) : null,
				(knownHosts != null) ? Path.of(knownHosts) : null, rs.getString("ssh_jump_host"),
				(becomePassword != null) ? Path.of(becomePassword) : null, vars, kubeAccess(rs),
				maintenanceWindow(rs.getString("maintenance_window")), rs.getBoolean("drain_delete_emptydir"),
				eks(rs), webhook(rs));
	}

	/** A URL stored by hand that breaks the rules is refused, as a window is. */
	private static ClusterWebhook webhook(ResultSet rs) throws SQLException {
		String url = rs.getString("webhook_url");
		if (url == null) {
			return null;
		}
		String secret = rs.getString("webhook_secret_path");
		return new ClusterWebhook(ClusterWebhook.url(url), (secret != null) ? Path.of(secret) : null);
	}

	private static String webhookUrl(Cluster cluster) {
		return (cluster.webhook() != null) ? cluster.webhook().url().toString() : null;
	}

	private static String webhookSecretPath(Cluster cluster) {
		return (cluster.webhook() != null) ? pathOrNull(cluster.webhook().secretFile()) : null;
	}

	private static EksTarget eks(ResultSet rs) throws SQLException {
		String name = rs.getString("eks_cluster_name");
		if (name == null) {
			return null;
		}
		String nodegroups = rs.getString("eks_nodegroups");
		return new EksTarget(name, rs.getString("eks_region"),
				(nodegroups != null) ? List.of(nodegroups.split(",")) : List.of(), rs.getBoolean("eks_force"));
	}

	private static String eksCluster(Cluster cluster) {
		return (cluster.eks() != null) ? cluster.eks().clusterName() : null;
	}

	private static String eksRegion(Cluster cluster) {
		return (cluster.eks() != null) ? cluster.eks().region() : null;
	}

	private static String eksNodegroups(Cluster cluster) {
		return (cluster.eks() != null && !cluster.eks().allNodegroups()) ? String.join(",", cluster.eks().nodegroups())
				: null;
	}

	private static boolean eksForce(Cluster cluster) {
		return cluster.eks() != null && cluster.eks().force();
	}

	/** A window as stored ({@code 4h}, {@code 1h30m}); one written by hand that breaks the rules is refused. */
	private static java.time.Duration maintenanceWindow(String stored) {
		return (stored != null) ? InputRules.maintenanceWindow(stored) : null;
	}

	private static String maintenanceWindow(Cluster cluster) {
		return (cluster.maintenanceWindow() != null) ? InputRules.formatWindow(cluster.maintenanceWindow()) : null;
	}

	private static KubeAccess kubeAccess(ResultSet rs) throws SQLException {
		if (rs.getBoolean("kube_in_cluster")) {
			return KubeAccess.inClusterServiceAccount();
		}
		String kubeconfig = rs.getString("kubeconfig_path");
		return (kubeconfig != null) ? new KubeAccess(Path.of(kubeconfig), rs.getString("kube_context"), false) : null;
	}

	private static String kubeconfigPath(Cluster cluster) {
		return (cluster.kubeAccess() != null) ? pathOrNull(cluster.kubeAccess().kubeconfig()) : null;
	}

	private static String kubeContext(Cluster cluster) {
		return (cluster.kubeAccess() != null) ? cluster.kubeAccess().context() : null;
	}

	private static boolean inCluster(Cluster cluster) {
		return cluster.kubeAccess() != null && cluster.kubeAccess().inCluster();
	}

	static String pathOrNull(Path path) {
		return (path != null) ? path.toString() : null;
	}

}
