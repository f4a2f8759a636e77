package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything registered can be undone: every optional setting cleared with {@code none}, inventory
 * variables removed one by one, nodes and clusters removed — never under a run, and never taking
 * history with them unless asked.
 */
@SpringBootTest
class UndoIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Path key;

	Path knownHosts;

	@BeforeEach
	void cleanDatabase() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.key = Files.writeString(this.dir.resolve("id_ed25519"), "not a real key");
		this.knownHosts = Files.writeString(this.dir.resolve("known_hosts"), "");
	}

	@Test
	void everyOptionalSettingIsClearedWithNone() {
		givenAClusterWithEverySetting();

		CliRunner.Result set = run("cluster", "set", "prod-eu-1", "--schedule", "none", "--contacts", "none",
				"--ssh-user", "none", "--ssh-key", "none", "--known-hosts", "none", "--jump-host", "none");

		assertThat(set.exitCode()).as(set.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("schedule:        none")
			.contains("contacts:        none")
			.contains("ssh-user:        (Ansible's default)")
			.contains("ssh-key:         (SSH's default)")
			.contains("known-hosts:     (SSH's default)")
			.contains("jump-host:       none")
			.contains("inventory-vars:  ansible_become=true")
			.contains("max-unavailable: 2");
		assertThat(this.jdbc.sql("""
				SELECT COUNT(*) FROM clusters WHERE schedule IS NULL AND ssh_user IS NULL AND ssh_private_key_path IS NULL
				   AND ssh_known_hosts_path IS NULL AND ssh_jump_host IS NULL""").query(Long.class).single()).isOne();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_contacts").query(Long.class).single()).isZero();
	}

	@Test
	void oneSettingClearedLeavesTheOthers() {
		givenAClusterWithEverySetting();

		CliRunner.Result set = run("cluster", "set", "prod-eu-1", "--jump-host", "none");

		assertThat(set.exitCode()).as(set.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("jump-host:       none")
			.contains("schedule:        weekly")
			.contains("contacts:        sec@example.com")
			.contains("ssh-user:        ubuntu")
			.contains("ssh-key:         " + this.key)
			.contains("known-hosts:     " + this.knownHosts);
	}

	@Test
	void aClusterIsAddedWithoutAScheduleByNone() {
		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--schedule", "none", "--contacts", "none");

		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("schedule:        none").contains("contacts:        none");
	}

	@Test
	void anInventoryVariableWithAnEmptyValueIsRemovedAndTheOthersStay() {
		run("cluster", "add", "prod-eu-1", "--inventory-var", "ansible_become=true", "--inventory-var",
				"os_patch_reboot=never");

		CliRunner.Result removed = run("cluster", "set", "prod-eu-1", "--inventory-var", "os_patch_reboot=");
		CliRunner.Result changed = run("cluster", "set", "prod-eu-1", "--inventory-var", "ansible_become_user=admin");

		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(changed.exitCode()).as(changed.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out())
			.contains("inventory-vars:  ansible_become=true ansible_become_user=admin");
		run("cluster", "set", "prod-eu-1", "--inventory-var", "ansible_become=", "--inventory-var", "ansible_become_user=");
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("inventory-vars:  none");
	}

	@Test
	void aVariableStoredBeforeTheAllowlistCanBeRemoved() {
		run("cluster", "add", "prod-eu-1");
		long id = this.jdbc.sql("SELECT id FROM clusters").query(Long.class).single();
		this.jdbc.sql("INSERT INTO cluster_inventory_vars (cluster_id, name, var_value) VALUES (?, 'ansible_connection', 'local')")
			.param(id)
			.update();

		CliRunner.Result removed = run("cluster", "set", "prod-eu-1", "--inventory-var", "ansible_connection=");

		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_inventory_vars").query(Long.class).single()).isZero();
	}

	@Test
	void aMalformedVariableNameToRemoveIsRefusedAndChangesNothing() {
		run("cluster", "add", "prod-eu-1", "--inventory-var", "ansible_become=true");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result refused = run("cluster", "set", "prod-eu-1", "--max-unavailable", "3", "--inventory-var", "no-such=");

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().strip().lines()).as(refused.err()).hasSize(1);
		assertThat(refused.err()).contains("invalid inventory variable name 'no-such'");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("max-unavailable: 1");
	}

	@Test
	void aFleetFileClearsWithNoneAndLeavesOutWhatItDoesNotName() throws Exception {
		givenAClusterWithEverySetting();
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: prod-eu-1
				    schedule: none
				    contacts: none
				    ssh-key: none
				    jump-host: none
				    inventory-vars: {}
				    nodes: []
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("schedule:        none")
			.contains("contacts:        none")
			.contains("ssh-key:         (SSH's default)")
			.contains("jump-host:       none")
			.contains("inventory-vars:  none")
			.contains("ssh-user:        ubuntu")
			.contains("known-hosts:     " + this.knownHosts);
		assertThat(run("import", fleet.toString()).out()).contains("unchanged");
	}

	@Test
	void aRemovedNodeIsNoLongerPartOfItsCluster() {
		givenAClusterWithNodes("cp-1", "w-1", "w-2");

		CliRunner.Result removed = run("node", "remove", "prod-eu-1", "w-1");

		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(removed.out()).isEqualTo("node w-1 removed from cluster prod-eu-1" + System.lineSeparator());
		assertThat(run("node", "list", "prod-eu-1").out()).contains("cp-1").contains("w-2").doesNotContain("w-1");
		assertThat(run("cluster", "list").out()).containsPattern("prod-eu-1\\s+provisioned\\s+2\\s");
		assertThat(this.jdbc.sql("SELECT name FROM nodes ORDER BY name").query(String.class).list())
			.containsExactly("cp-1", "w-2");
	}

	@Test
	void theLastNodeCanBeRemovedAndTheEmptyClusterPatchesNothing() {
		givenAClusterWithNodes("w-1");

		CliRunner.Result removed = run("node", "remove", "prod-eu-1", "w-1");
		CliRunner.Result patch = run("patch", "--cluster", "prod-eu-1");

		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(run("node", "list", "prod-eu-1").out()).contains("cluster prod-eu-1 has no nodes");
		assertThat(patch.exitCode()).as(patch.out() + patch.err()).isZero();
		assertThat(patch.out()).contains("prod-eu-1: compliant").contains("no nodes");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM node_results").query(Long.class).single()).isZero();
	}

	@Test
	void aClusterWithoutRunsIsRemovedWithItsNodesContactsAndVariables() {
		givenAClusterWithEverySetting();
		run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.21", "--role", "worker");
		run("cluster", "add", "other");

		CliRunner.Result removed = run("cluster", "remove", "prod-eu-1");

		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(removed.out()).contains("cluster prod-eu-1 removed, with 1 node(s) and 0 run(s)");
		assertThat(run("cluster", "show", "prod-eu-1").exitCode()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT name FROM clusters").query(String.class).list()).containsExactly("other");
		for (String table : List.of("nodes", "cluster_contacts", "cluster_inventory_vars")) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).as(table).isZero();
		}
		assertThat(run("cluster", "add", "prod-eu-1").exitCode()).isZero();
	}

	@Test
	void unknownClustersAndNodesAreRefusedOnOneLineAndNothingChanges() {
		givenAClusterWithNodes("w-1");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		for (String[] args : List.of(new String[] { "cluster", "remove", "nope" },
				new String[] { "cluster", "remove", "PROD-EU-1" }, new String[] { "node", "remove", "nope", "w-1" },
				new String[] { "node", "remove", "prod-eu-1", "w-2" }, new String[] { "node", "remove", "prod-eu-1", "W-1" },
				new String[] { "node", "remove", "prod-eu-1", "w-1\u001b[2J" })) {
			CliRunner.Result refused = run(args);

			assertThat(refused.exitCode()).as(String.join(" ", args)).isEqualTo(2);
			assertThat(refused.err().strip().lines()).as(refused.err()).hasSize(1);
			assertThat(refused.err()).containsPattern("unknown (cluster|node) '").doesNotContain("\u001b");
		}
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void nothingIsRemovedWhileARunHoldsTheCluster() {
		givenAClusterWithNodes("w-1");
		givenALease("another-host", 4242, Duration.ZERO);
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result node = run("node", "remove", "prod-eu-1", "w-1");
		CliRunner.Result cluster = run("cluster", "remove", "prod-eu-1", "--with-history");

		for (CliRunner.Result refused : List.of(node, cluster)) {
			assertThat(refused.exitCode()).as(refused.err()).isEqualTo(75);
			assertThat(refused.err().strip().lines()).as(refused.err()).hasSize(1);
			assertThat(refused.err()).contains("cluster 'prod-eu-1' is held by a run; nothing removed")
				.contains("ospatch unlock --cluster prod-eu-1");
		}
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void aDeadRunsLeaseIsReleasedWithUnlockBeforeRemoving() {
		givenAClusterWithNodes("w-1");
		givenALease("another-host", 4242, Duration.ofHours(1));

		CliRunner.Result refused = run("node", "remove", "prod-eu-1", "w-1");
		CliRunner.Result unlock = run("unlock", "--cluster", "prod-eu-1");
		CliRunner.Result removed = run("node", "remove", "prod-eu-1", "w-1");

		assertThat(refused.exitCode()).isEqualTo(75);
		assertThat(unlock.exitCode()).as(unlock.err()).isZero();
		assertThat(removed.exitCode()).as(removed.err()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM nodes").query(Long.class).single()).isZero();
	}

	@Test
	void historyGoesOnlyWithWithHistory() {
		givenAClusterWithNodes("w-1", "w-2");
		long runId = givenARunWithResultsFor("w-1");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result node = run("node", "remove", "prod-eu-1", "w-1");
		CliRunner.Result cluster = run("cluster", "remove", "prod-eu-1");

		assertThat(node.exitCode()).isEqualTo(2);
		assertThat(node.err().strip().lines()).as(node.err()).hasSize(1);
		assertThat(node.err()).contains("node 'w-1' has results in 1 run(s); not removed")
			.contains("'ospatch node remove prod-eu-1 w-1 --with-history'");
		assertThat(cluster.exitCode()).isEqualTo(2);
		assertThat(cluster.err().strip().lines()).as(cluster.err()).hasSize(1);
		assertThat(cluster.err()).contains("cluster 'prod-eu-1' has 1 run(s) in its history; not removed")
			.contains("--with-history");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);

		CliRunner.Result withoutResults = run("node", "remove", "prod-eu-1", "w-2");
		assertThat(withoutResults.exitCode()).as(withoutResults.err()).isZero();

		CliRunner.Result nodeWithHistory = run("node", "remove", "prod-eu-1", "w-1", "--with-history");
		assertThat(nodeWithHistory.exitCode()).as(nodeWithHistory.err()).isZero();
		assertThat(nodeWithHistory.out()).contains("node w-1 removed from cluster prod-eu-1, with its results in 1 run(s)");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM node_results").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).list()).containsExactly(runId);

		CliRunner.Result clusterWithHistory = run("cluster", "remove", "prod-eu-1", "--with-history");
		assertThat(clusterWithHistory.exitCode()).as(clusterWithHistory.err()).isZero();
		assertThat(clusterWithHistory.out()).contains("cluster prod-eu-1 removed, with 0 node(s) and 1 run(s)");
		for (String table : List.of("clusters", "patch_runs", "run_events")) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).as(table).isZero();
		}
	}

	@Test
	void helpSaysHowToUndo() {
		assertThat(help("cluster", "remove")).contains("--with-history").contains("Refused (exit 75) while a run holds")
			.contains("'ospatch unlock' releases its lease first");
		assertThat(help("node", "remove")).contains("--with-history").contains("later runs no longer patch or count it");
		assertThat(help("cluster", "set")).contains("given as 'none' is cleared").contains("NAME= (empty) removes it")
			.contains("--jump-host=[USER@]HOST[:PORT] Reach its nodes through this jump host (SSH ProxyJump); none clears it");
		assertThat(help("import")).contains("'none' clears an optional one").contains("({} clears it)");
	}

	private void givenAClusterWithEverySetting() {
		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--max-unavailable", "2", "--schedule", "weekly",
				"--contacts", "sec@example.com", "--ssh-user", "ubuntu", "--ssh-key", this.key.toString(),
				"--known-hosts", this.knownHosts.toString(), "--jump-host", "ops@bastion.example.com:22",
				"--inventory-var", "ansible_become=true");
		assertThat(add.exitCode()).as(add.err()).isZero();
	}

	private void givenAClusterWithNodes(String... names) {
		run("cluster", "add", "prod-eu-1");
		int address = 20;
		for (String name : names) {
			CliRunner.Result add = run("node", "add", "prod-eu-1", name, "--address", "10.0.0." + address++, "--role",
					name.startsWith("cp") ? "control-plane" : "worker");
			assertThat(add.exitCode()).as(add.err()).isZero();
		}
	}

	private void givenALease(String host, long pid, Duration age) {
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'prod-eu-1'").query(Long.class).single();
		LocalDateTime heartbeat = LocalDateTime.now(ZoneOffset.UTC).minus(age);
		this.jdbc.sql("""
				INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at)
				VALUES (?, 'token-of-someone-else', ?, ?, ?, ?)""")
			.params(clusterId, host, pid, heartbeat, heartbeat)
			.update();
	}

	private long givenARunWithResultsFor(String node) {
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'prod-eu-1'").query(Long.class).single();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, ended_at, outcome)
				VALUES ('done', ?, 'on-demand', 'someone@somewhere', ?, ?, 'compliant')""")
			.params(clusterId, now.minusMinutes(10), now)
			.update();
		long runId = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
		this.jdbc.sql("INSERT INTO run_events (run_id, occurred_at, event) VALUES (?, ?, 'started')")
			.params(runId, now.minusMinutes(10))
			.update();
		this.jdbc.sql("""
				INSERT INTO node_results (run_id, node_id, chunk_number, status, packages_changed, rebooted, attempts)
				SELECT ?, id, 1, 'patched', 3, FALSE, 1 FROM nodes WHERE name = ?""")
			.params(runId, node)
			.update();
		return runId;
	}

	/** The command's help with its lines joined, as wrapping puts line breaks anywhere. */
	private String help(String... command) {
		List<String> args = new java.util.ArrayList<>(List.of(command));
		args.add("--help");
		return run(args.toArray(String[]::new)).out().replaceAll("\\s+", " ");
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
