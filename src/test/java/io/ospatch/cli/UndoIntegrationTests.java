package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * variables removed one by one.
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
	void helpSaysHowToUndo() {
		assertThat(help("cluster", "set")).contains("given as 'none' is cleared").contains("NAME= (empty) removes it")
			.contains("--jump-host=[USER@]HOST[:PORT] Reach its nodes through this jump host (SSH ProxyJump); none clears it");
	}

	private void givenAClusterWithEverySetting() {
		CliRunner.Result add = run("cluster", "add", "prod-eu-1", "--max-unavailable", "2", "--schedule", "weekly",
				"--contacts", "sec@example.com", "--ssh-user", "ubuntu", "--ssh-key", this.key.toString(),
				"--known-hosts", this.knownHosts.toString(), "--jump-host", "ops@bastion.example.com:22",
				"--inventory-var", "ansible_become=true");
		assertThat(add.exitCode()).as(add.err()).isZero();
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
