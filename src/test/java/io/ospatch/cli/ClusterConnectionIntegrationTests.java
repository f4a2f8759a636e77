package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a cluster's nodes are reached cannot carry code for the machine running ospatch: inventory
 * variables are an allowlist, refused at registration and, for rows stored before the rule (or by
 * hand), at launch; SSH settings are validated ones that ospatch turns into SSH options itself.
 * On the MySQL/MariaDB test database, with the real ansible-playbook.
 */
@SpringBootTest
class ClusterConnectionIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Path knownHosts;

	@BeforeEach
	void cleanDatabase() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.knownHosts = Files.writeString(this.dir.resolve("known_hosts"), "");
	}

	/** Each a variable Ansible would run on the controller, or a value the allowlist refuses. */
	static Stream<Arguments> forbiddenVariables() {
		return Stream.of(Arguments.of("ansible_ssh_common_args", "-o ProxyCommand=\"touch /tmp/ospatch-pwned\""),
				Arguments.of("ansible_ssh_extra_args", "-o ProxyCommand=id"), Arguments.of("ansible_connection", "local"),
				Arguments.of("ansible_ssh_executable", "/tmp/evil"), Arguments.of("ansible_become_exe", "/tmp/evil"),
				Arguments.of("ansible_become_method", "su"), Arguments.of("ansible_become_flags", "-c id"),
				Arguments.of("ansible_shell_executable", "/tmp/evil"),
				Arguments.of("ansible_python_interpreter", "/usr/bin/python3 -c 'import os'"),
				Arguments.of("ansible_python_interpreter", "python3"), Arguments.of("ansible_port", "2222"),
				Arguments.of("os_patch_reboot", "sometimes"), Arguments.of("unknown_var", "x"));
	}

	@ParameterizedTest
	@MethodSource("forbiddenVariables")
	void clusterAddRefusesAForbiddenVariable(String name, String value) {
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result add = run("cluster", "add", "x", "--inventory-var", name + "=" + value);

		assertRefused(add, "inventory variable " + name);
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@ParameterizedTest
	@MethodSource("forbiddenVariables")
	void clusterSetRefusesAForbiddenVariable(String name, String value) {
		run("cluster", "add", "x", "--inventory-var", "ansible_become=true");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result set = run("cluster", "set", "x", "--max-unavailable", "3", "--inventory-var", name + "=" + value);

		assertRefused(set, "inventory variable " + name);
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
		assertThat(run("cluster", "show", "x").out()).contains("max-unavailable: 1").contains("inventory-vars:  ansible_become=true");
	}

	@ParameterizedTest
	@MethodSource("forbiddenVariables")
	void importRefusesAForbiddenVariable(String name, String value) throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: fine
				    nodes:
				      - {name: n-1, address: 127.0.0.1, role: worker}
				  - name: x
				    inventory-vars:
				      %s: '%s'
				""".formatted(name, value.replace("'", "''")));
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result imported = run("import", fleet.toString());

		assertRefused(imported, "inventory variable " + name);
		assertThat(imported.err()).contains("clusters[1] (x)");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void theLabsInterpreterAndRebootCommandsAreAllowed() {
		CliRunner.Result add = run("cluster", "add", "x", "--inventory-var",
				"ansible_python_interpreter=/usr/local/bin/lab-python3", "--inventory-var",
				"os_patch_reboot_command=/usr/local/sbin/lab-reboot", "--inventory-var",
				"os_patch_reboot_boot_time_command=cat /run/lab-boot-id");

		assertThat(add.exitCode()).as(add.err()).isZero();
	}

	/**
	 * Rows from before the rule, or written to the database by hand, reach no Ansible: the launch
	 * refuses them with the reason. The real ansible-playbook would run the ProxyCommand (and
	 * {@code ansible_connection=local} would run the node's tasks here); the marker proves it did not.
	 */
	@Test
	void storedForbiddenVariablesAreRefusedAtLaunchAndNeverRun() throws Exception {
		Path marker = this.dir.resolve("pwned");
		plantedCluster("proxy", "ansible_ssh_common_args", "-o ProxyCommand=\"touch " + marker + "\"");
		plantedCluster("local", "ansible_connection", "local");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		for (String cluster : List.of("proxy", "local")) {
			String variable = cluster.equals("proxy") ? "ansible_ssh_common_args" : "ansible_connection";
			assertRefused(run("plan", "--cluster", cluster), "cluster '" + cluster + "': inventory variable " + variable + " is not allowed");
			assertRefused(run("patch", "--cluster", cluster), "cluster '" + cluster + "': inventory variable " + variable + " is not allowed");
			assertRefused(run("patch", "--cluster", cluster, "--dry-run"),
					"cluster '" + cluster + "': inventory variable " + variable + " is not allowed");
		}
		assertRefused(run("patch", "--all"), "inventory variable");

		assertThat(marker).doesNotExist();
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	/** What the test above keeps out: the same variable, handed to ansible-playbook, runs its command here. */
	@Test
	void planAndDryRunReportARefusedClusterInOneLineAndStillPlanTheOthers() {
		plantedCluster("local", "ansible_connection", "local");
		plantedCluster("clean", "ansible_become", "true");

		for (String[] args : List.of(new String[] { "plan", "--cluster", "local", "--cluster", "clean" },
				new String[] { "patch", "--all", "--dry-run" })) {
			CliRunner.Result run = run(args);

			assertRefused(run, "cluster 'local': inventory variable ansible_connection is not allowed");
			assertThat(run.out()).as(String.join(" ", args)).contains("clean: 1 chunk(s)").contains("n-1");
		}
	}

	@Test
	void thePlantedProxyCommandRunsWhenItReachesAnsible() throws Exception {
		Path marker = this.dir.resolve("pwned");
		Path inventory = Files.writeString(this.dir.resolve("inventory.yml"), """
				{"all": {"hosts": {"n-1": {"ansible_host": "127.0.0.1", "ansible_port": 1}},
				         "vars": {"ansible_ssh_common_args": "-o ProxyCommand=\\"touch %s\\""}}}
				""".formatted(marker));
		ProcessBuilder ansible = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(),
				"playbooks/os-facts.yml").redirectErrorStream(true).redirectOutput(this.dir.resolve("ansible.log").toFile());
		ansible.environment().put("ANSIBLE_CONFIG", "playbooks/ansible.cfg");

		assertThat(ansible.start().waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

		assertThat(marker).exists();
	}

	/** The control for the test above: a clean cluster of the same shape does reach ansible-playbook. */
	@Test
	void aCleanClusterOfTheSameShapeReachesAnsible() {
		plantedCluster("clean", "ansible_become", "true");

		CliRunner.Result plan = run("plan", "--cluster", "clean");

		// nothing listens on port 1: ansible-playbook ran and found the node unreachable
		assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(3);
		assertThat(plan.out()).contains("n-1");
	}

	@Test
	void knownHostsAndJumpHostAreSetShownAndChanged() throws Exception {
		CliRunner.Result add = run("cluster", "add", "x", "--known-hosts", this.knownHosts.toString(), "--jump-host",
				"ops@bastion.example.com:2222");
		assertThat(add.exitCode()).as(add.err()).isZero();
		assertThat(run("cluster", "show", "x").out())
			.contains("known-hosts:     " + this.knownHosts.toAbsolutePath() + " (strict host key checking)")
			.contains("jump-host:       ops@bastion.example.com:2222");

		CliRunner.Result set = run("cluster", "set", "x", "--jump-host", "[2001:db8::1]:22");
		assertThat(set.exitCode()).as(set.err()).isZero();
		assertThat(run("cluster", "show", "x").out()).contains("jump-host:       [2001:db8::1]:22")
			.contains("known-hosts:     " + this.knownHosts.toAbsolutePath());

		assertThat(run("cluster", "add", "y").exitCode()).isZero();
		assertThat(run("cluster", "show", "y").out()).contains("known-hosts:     (SSH's default)")
			.contains("jump-host:       none");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-oProxyCommand=touch /tmp/x", "ops@bastion -oProxyCommand=x", "a@b@c", "ops@bastion:0",
			"ops@bastion:70000", "Ops@bastion", "bastion;id", "ops@{{x}}" })
	void badJumpHostsAreRefusedEverywhere(String jumpHost) throws Exception {
		run("cluster", "add", "x");
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: y
				    jump-host: '%s'
				""".formatted(jumpHost));
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		assertRefused(run("cluster", "add", "y", "--jump-host", jumpHost), "invalid jump host");
		assertRefused(run("cluster", "set", "x", "--jump-host", jumpHost), "invalid jump host");
		assertRefused(run("import", fleet.toString()), "invalid jump host");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void badKnownHostsFilesAreRefusedEverywhere() throws Exception {
		Path spaced = Files.createDirectory(this.dir.resolve("with space"));
		Path unsafe = Files.writeString(spaced.resolve("known_hosts"), "");
		run("cluster", "add", "x");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		assertRefused(run("cluster", "add", "y", "--known-hosts", this.dir.resolve("missing").toString()), "does not exist");
		assertRefused(run("cluster", "set", "x", "--known-hosts", unsafe.toString()), "invalid known-hosts file");
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: y
				    known-hosts: %s
				""".formatted(this.dir.resolve("missing")));
		assertRefused(run("import", fleet.toString()), "does not exist");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void importTakesKnownHostsAndJumpHostAndAgainChangesNothing() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: x
				    known-hosts: %s
				    jump-host: ops@bastion.example.com
				""".formatted(this.knownHosts));

		CliRunner.Result first = run("import", fleet.toString());
		CliRunner.Result second = run("import", fleet.toString());

		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(second.out()).contains("0 cluster(s) added, 0 updated, 1 unchanged");
		assertThat(run("cluster", "show", "x").out()).contains("jump-host:       ops@bastion.example.com")
			.contains("known-hosts:     " + this.knownHosts.toAbsolutePath());
	}

	@Test
	void aKnownHostsFileGoneSinceRegistrationIsRefusedAtLaunch() throws Exception {
		run("cluster", "add", "x", "--known-hosts", this.knownHosts.toString());
		Files.delete(this.knownHosts);

		assertRefused(run("plan", "--cluster", "x"), "cluster 'x': known-hosts file");
		assertRefused(run("patch", "--cluster", "x"), "cluster 'x': known-hosts file");
	}

	/** A cluster with one node nobody answers on, and a variable written straight to the database. */
	private void plantedCluster(String name, String variable, String value) {
		assertThat(run("cluster", "add", name).exitCode()).isZero();
		assertThat(run("node", "add", name, "n-1", "--address", "127.0.0.1", "--port", "1", "--role", "worker")
			.exitCode()).isZero();
		long id = this.jdbc.sql("SELECT id FROM clusters WHERE name = ?").param(name).query(Long.class).single();
		this.jdbc.sql("INSERT INTO cluster_inventory_vars (cluster_id, name, var_value) VALUES (?, ?, ?)")
			.params(id, variable, value)
			.update();
	}

	/** Exit 2 and one line naming the problem. */
	private static void assertRefused(CliRunner.Result run, String message) {
		assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
		assertThat(run.err()).contains(message);
		assertThat(run.err().strip()).as(run.err()).doesNotContain("\n");
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
