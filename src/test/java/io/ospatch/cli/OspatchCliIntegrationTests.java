package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command on the MySQL/MariaDB test database, with its bad inputs. */
@SpringBootTest
class OspatchCliIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Path key;

	@BeforeEach
	void cleanDatabase() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.key = Files.writeString(this.dir.resolve("id_ed25519"), "not a real key");
	}

	@Test
	void clusterAddShowListAndSet() {
		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--max-unavailable", "25%", "--failure-budget", "1",
				"--timezone", "Europe/Paris", "--contacts", "sec@example.com, ops@example.com", "--ssh-user", "ubuntu",
				"--ssh-key", this.key.toString(), "--schedule", "weekly", "--inventory-var", "ansible_become=true");
		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(add.out()).contains("cluster prod-eu-1 added");

		CliRunner.Result show = run("cluster", "show", "prod-eu-1");
		assertThat(show.exitCode()).isZero();
		assertThat(show.out()).contains("kind:            provisioned")
			.contains("max-unavailable: 25%")
			.contains("failure-budget:  1")
			.contains("timezone:        Europe/Paris")
			.contains("contacts:        ops@example.com, sec@example.com")
			.contains("ssh-key:         " + this.key.toAbsolutePath())
			.contains("schedule:        weekly")
			.contains("inventory-vars:  ansible_become=true");

		CliRunner.Result set = run("cluster", "set", "prod-eu-1", "--max-unavailable", "2");
		assertThat(set.exitCode()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out()).contains("max-unavailable: 2")
			.contains("failure-budget:  1");

		CliRunner.Result list = run("cluster", "list");
		assertThat(list.exitCode()).isZero();
		assertThat(list.out()).containsPattern("prod-eu-1\\s+provisioned\\s+0\\s+2\\s+1\\s+weekly");
	}

	@Test
	void anEmptyFleetSaysWhichDatabaseItIsIn() {
		CliRunner.Result list = run("cluster", "list");

		assertThat(list.exitCode()).isZero();
		assertThat(list.out()).startsWith("no clusters in jdbc:mysql://127.0.0.1:")
			.doesNotContain("password")
			.doesNotContain("sslMode");
	}

	@Test
	void becomePasswordByReferenceIsShownAsItsFileAndNeverStored() throws Exception {
		Path file = Files.writeString(this.dir.resolve("become-password"), "hunter2\n");
		java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--become-password-file", file.toString());

		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(run("cluster", "show", "prod-eu-1").out())
			.contains("become-password: read from " + file + " when a playbook runs")
			.doesNotContain("hunter2");
		assertThat(this.jdbc.sql("SELECT become_password_path FROM clusters").query(String.class).single())
			.isEqualTo(file.toString());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_inventory_vars").query(Long.class).single()).isZero();
	}

	@Test
	void becomePasswordFileThatOthersMayReadOrThatIsMissingIsRefused() throws Exception {
		Path file = Files.writeString(this.dir.resolve("become-password"), "hunter2\n");
		java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

		CliRunner.Result readable = run("cluster", "add", "prod-eu-1", "--become-password-file", file.toString());
		assertBadInput(readable, "become password file " + file + " may be read by others: make it owner-only (chmod 600)");
		assertThat(readable.err()).doesNotContain("hunter2");

		assertBadInput(run("cluster", "add", "prod-eu-1", "--become-password-file", this.dir.resolve("nope").toString()),
				"become password file " + this.dir.resolve("nope") + " does not exist or is not a file");
		assertThat(run("cluster", "list").out()).startsWith("no clusters");
	}

	@Test
	void showHidesInventoryVariablesThatLookLikeCredentials() {
		run("cluster", "add", "prod-eu-1", "--inventory-var", "ansible_become_password=hunter2", "--inventory-var",
				"os_patch_reboot_timeout=900");

		CliRunner.Result show = run("cluster", "show", "prod-eu-1");

		assertThat(show.out()).contains("ansible_become_password=(hidden)").contains("os_patch_reboot_timeout=900")
			.doesNotContain("hunter2");
	}

	@Test
	void nodeAddAndListInRollingOrder() {
		run("cluster", "add", "prod-eu-1");
		assertThat(run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.21", "--role", "worker").exitCode())
			.isZero();
		assertThat(run("node", "add", "prod-eu-1", "cp-1", "--address", "cp-1.example.com", "--role", "control-plane",
				"--port", "2222").exitCode())
			.isZero();

		CliRunner.Result list = run("node", "list", "prod-eu-1");

		assertThat(list.exitCode()).isZero();
		assertThat(list.out()).containsPattern("(?s)cp-1\\s+control-plane\\s+cp-1.example.com:2222\\s+new.*w-1\\s+worker\\s+10.0.0.21:22\\s+new");
	}

	@Test
	void importIsIdempotent() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: lab-a
				    max-unavailable: 1
				    failure-budget: 1
				    contacts: [security@lab.invalid]
				    ssh-user: root
				    ssh-key: %s
				    inventory-vars:
				      ansible_python_interpreter: /usr/bin/python3
				    nodes:
				      - {name: lab-a-1, address: 127.0.0.1, port: 2201, role: control-plane}
				      - {name: lab-a-2, address: 127.0.0.1, port: 2202, role: worker}
				  - name: imported-1
				    kind: imported
				""".formatted(this.key));

		CliRunner.Result first = run("import", fleet.toString());
		List<Long> afterFirst = DatabaseCleaner.rowCounts(this.jdbc);
		CliRunner.Result second = run("import", fleet.toString());

		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(first.out()).contains("2 cluster(s) added, 0 updated, 0 unchanged; 2 node(s) added, 0 updated");
		assertThat(second.exitCode()).isZero();
		assertThat(second.out()).contains("0 cluster(s) added, 0 updated, 2 unchanged; 0 node(s) added, 0 updated");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(afterFirst);
		assertThat(run("node", "list", "lab-a").out()).contains("lab-a-1").contains("127.0.0.1:2202");
	}

	@Test
	void importWithOneBadNodeChangesNothing() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: lab-a
				    nodes:
				      - {name: lab-a-1, address: 127.0.0.1, role: control-plane}
				  - name: lab-b
				    nodes:
				      - {name: "lab-b-1 ansible_host=evil", address: 127.0.0.1, role: worker}
				""");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result run = run("import", fleet.toString());

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("invalid node name 'lab-b-1 ansible_host=evil'");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void importRejectsUnknownKeysAndMissingFiles() throws Exception {
		Path typo = Files.writeString(this.dir.resolve("typo.yaml"), """
				clusters:
				  - name: lab-a
				    max-unavailabe: 3
				""");

		CliRunner.Result misspelt = run("import", typo.toString());
		CliRunner.Result missing = run("import", this.dir.resolve("nope.yaml").toString());

		assertThat(misspelt.exitCode()).isEqualTo(2);
		assertThat(misspelt.err()).contains("unknown key 'max-unavailabe'");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("does not exist");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.1 -oProxyCommand=touch /tmp/pwned", "$(reboot)", "node;id", "{{ lookup('pipe','id') }}" })
	void nodeAddRefusesAddressesThatInjectShellOrInventorySyntax(String address) {
		run("cluster", "add", "prod-eu-1");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result run = run("node", "add", "prod-eu-1", "w-1", "--address", address, "--role", "worker");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).contains("invalid node address");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void badInputsExitTwoAndChangeNothing() {
		run("cluster", "add", "prod-eu-1");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		assertBadInput(run("cluster", "show", "nope"), "unknown cluster 'nope'");
		assertBadInput(run("cluster", "add", "prod-eu-1"), "already exists");
		assertBadInput(run("cluster", "add", "Bad_Name"), "invalid cluster name");
		assertBadInput(run("cluster", "add", "x", "--max-unavailable", "0"), "at least 1");
		assertBadInput(run("cluster", "add", "x", "--failure-budget", "lots"), "failure-budget: 'lots'");
		assertBadInput(run("cluster", "add", "x", "--kind", "gke"), "unknown cluster kind 'gke'");
		assertBadInput(run("cluster", "add", "x", "--ssh-key", "/nonexistent/key"), "does not exist");
		assertBadInput(run("cluster", "add", "x", "--contacts", "not-an-email"), "invalid security contact");
		assertBadInput(run("cluster", "set", "prod-eu-1", "--timezone", "Nowhere/City"), "unknown timezone");
		assertBadInput(run("node", "add", "nope", "w-1", "--address", "10.0.0.1", "--role", "worker"),
				"unknown cluster 'nope'");
		assertBadInput(run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "master"),
				"unknown node role 'master'");
		assertBadInput(run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker", "--port",
				"70000"), "invalid SSH port");
		assertBadInput(run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker",
				"--ssh-key", "/nonexistent/key"), "does not exist");
		assertBadInput(run("node", "add", "prod-eu-1", "w-1", "--role", "worker"), "Missing required option: '--address");
		assertBadInput(run("cluster", "frobnicate"), "Unmatched argument");
		assertBadInput(run("patch"), "Missing required argument");
		assertBadInput(run("patch", "--cluster", "a", "--all"), "mutually exclusive");
		assertBadInput(run("patch", "--cluster", "nope"), "unknown cluster 'nope'");
		assertBadInput(run("plan", "--cluster", "nope"), "unknown cluster 'nope'");

		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void clustersThatCannotBePatchedAreRefusedWithTheReason() {
		run("cluster", "add", "imported-1", "--kind", "imported");
		run("cluster", "add", "aks-1", "--kind", "aks");

		assertBadInput(run("patch", "--cluster", "imported-1"), "cannot be patched: imported clusters are managed by their own tooling");
		assertBadInput(run("patch", "--cluster", "aks-1"), "cannot be patched: AKS is a managed Kubernetes service");
		assertBadInput(run("plan", "--cluster", "aks-1"), "cannot be patched: AKS is a managed Kubernetes service");
	}

	@Test
	void patchRefusesAClusterWhoseKeyIsGone() throws Exception {
		run("cluster", "add", "prod-eu-1", "--ssh-key", this.key.toString());
		Files.delete(this.key);

		assertBadInput(run("patch", "--cluster", "prod-eu-1"), "cluster 'prod-eu-1': SSH private key");
	}

	@Test
	void aClusterHeldByALiveRunIsBusyAndLeftAlone() {
		long clusterId = clusterWithALease("another-host", 4242, java.time.Duration.ZERO);

		CliRunner.Result run = run("patch", "--cluster", "prod-eu-1");

		assertThat(run.exitCode()).as(run.err()).isEqualTo(75);
		assertThat(run.out()).contains("prod-eu-1: busy, not patched: another run holds it (pid 4242 on another-host, heartbeat");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT token FROM cluster_leases WHERE cluster_id = ?").param(clusterId).query(String.class).single())
			.isEqualTo("token-of-someone-else");
	}

	@Test
	void aLeaseWhoseHeartbeatStoppedIsTakenOverAndItsRunResumed() {
		long clusterId = clusterWithALease("another-host", 4242, java.time.Duration.ofMinutes(5));
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, outcome)
				VALUES ('dead-launch', ?, 'on-demand', 'someone@somewhere', ?, 'running')""")
			.params(clusterId, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10))
			.update();

		CliRunner.Result run = run("patch", "--cluster", "prod-eu-1");

		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.out()).contains("prod-eu-1: compliant").contains("resumed");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT event FROM run_events ORDER BY occurred_at, id").query(String.class).list())
			.containsSubsequence("interrupted", "resumed", "ended");
	}

	@Test
	void unlockRefusesALiveHolderUnlessForcedAndRecordsWhoDidIt() {
		long clusterId = clusterWithALease("another-host", 4242, java.time.Duration.ZERO);
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, outcome)
				VALUES ('other', ?, 'on-demand', 'someone@somewhere', ?, 'running')""")
			.params(clusterId, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC))
			.update();
		long runId = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
		this.jdbc.sql("UPDATE cluster_leases SET run_id = ?").param(runId).update();

		CliRunner.Result refused = run("unlock", "--cluster", "prod-eu-1");
		CliRunner.Result forced = run("unlock", "--cluster", "prod-eu-1", "--force");
		CliRunner.Result again = run("unlock", "--cluster", "prod-eu-1");

		assertThat(refused.exitCode()).isEqualTo(75);
		assertThat(refused.err()).contains("held by a live run (run " + runId + ", pid 4242 on another-host").contains("--force");
		assertThat(forced.exitCode()).as(forced.err()).isZero();
		assertThat(forced.out()).contains("prod-eu-1: lease released");
		assertThat(again.exitCode()).isZero();
		assertThat(again.out()).contains("prod-eu-1: not locked");
		assertThat(this.jdbc.sql("SELECT detail FROM run_events WHERE event = 'unlocked'").query(String.class).single())
			.contains("released by hand by").contains("(forced)");
		assertBadInput(run("unlock", "--cluster", "nope"), "nope");
	}

	@Test
	void unlockReleasesALeaseWhoseHeartbeatStoppedWithoutForce() {
		clusterWithALease("another-host", 4242, java.time.Duration.ofMinutes(5));

		CliRunner.Result unlock = run("unlock", "--cluster", "prod-eu-1");

		assertThat(unlock.exitCode()).as(unlock.err()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();
	}

	@Test
	void runsListsRunsAndShowsOneAsTextOrJson() {
		run("cluster", "add", "empty");
		run("patch", "--cluster", "empty");
		long runId = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();

		CliRunner.Result list = run("runs");
		CliRunner.Result one = run("runs", "--id", String.valueOf(runId));
		CliRunner.Result json = run("runs", "--cluster", "empty", "--format", "json");

		assertThat(list.exitCode()).isZero();
		assertThat(list.out()).containsPattern(runId + "\\s+empty\\s+on-demand\\s+\\S+\\s+\\S+\\s+compliant\\s+none recorded");
		assertThat(one.out()).contains("run " + runId + " of empty: compliant").contains("started").contains("ended");
		assertThat(json.out()).contains("\"id\" : " + runId).contains("\"cluster\" : \"empty\"")
			.contains("\"outcome\" : \"compliant\"").contains("\"event\" : \"started\"");
		assertBadInput(run("runs", "--id", "999999"), "no run 999999");
		assertBadInput(run("runs", "--cluster", "nope"), "nope");
		assertBadInput(run("runs", "--limit", "0"), "--limit must be at least 1");
	}

	/** A cluster prod-eu-1 whose lease belongs to a process elsewhere, with a heartbeat {@code age} old. */
	private long clusterWithALease(String host, long pid, java.time.Duration age) {
		run("cluster", "add", "prod-eu-1");
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'prod-eu-1'").query(Long.class).single();
		java.time.LocalDateTime heartbeat = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minus(age);
		this.jdbc.sql("""
				INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at)
				VALUES (?, 'token-of-someone-else', ?, ?, ?, ?)""")
			.params(clusterId, host, pid, heartbeat, heartbeat)
			.update();
		return clusterId;
	}

	@Test
	void anEmptyClusterIsTriviallyCompliant() {
		run("cluster", "add", "empty");

		CliRunner.Result run = run("patch", "--cluster", "empty");

		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.out()).contains("empty: compliant").contains("no nodes");
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).single()).isEqualTo("compliant");
	}

	@Test
	void patchAllPassesOverClustersThatCannotBePatched() {
		run("cluster", "add", "empty");
		run("cluster", "add", "imported-1", "--kind", "imported");

		CliRunner.Result run = run("patch", "--all");

		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.out()).contains("empty: compliant").contains("imported-1: not patched: imported clusters");
	}

	@Test
	void everyCommandAnswersHelpWithTheExitCodes() {
		for (String[] command : new String[][] { {}, { "cluster" }, { "cluster", "add" }, { "cluster", "set" },
				{ "cluster", "show" }, { "cluster", "list" }, { "node" }, { "node", "add" }, { "node", "list" },
				{ "import" }, { "patch" }, { "plan" }, { "runs" }, { "unlock" } }) {
			String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
				.toArray(String[]::new);
			CliRunner.Result help = run(args);
			assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
			assertThat(help.out()).as(String.join(" ", args)).contains("Usage: ospatch").contains("Exit codes:").contains("75");
		}
	}

	private static void assertBadInput(CliRunner.Result run, String message) {
		assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
		assertThat(run.err()).contains(message);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
