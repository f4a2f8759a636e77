package io.ospatch.cli;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Input that registration used to accept and a patch could not use, or read differently than
 * written: refused with exit 2, one line, nothing changed — through every way in.
 */
@SpringBootTest
class InputHardeningIntegrationTests {

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
	void importKeepsValuesAsWrittenInsteadOfYaml11NumbersAndBooleans() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: 0123
				    ssh-user: no
				    max-unavailable: 010
				    inventory-vars: {os_patch_reboot_command: 1.20, ansible_become: no}
				    nodes:
				      - {name: 010, address: 10.0.0.1, role: worker}
				      - {name: on, address: 2001:db8::1, role: worker, port: 2222}
				""");

		CliRunner.Result imported = run("import", fleet.toString());

		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(run("cluster", "list").out()).containsPattern("0123\\s+provisioned\\s+2\\s+10\\s");
		assertThat(run("cluster", "show", "0123").out()).contains("ssh-user:        no")
			.contains("inventory-vars:  ansible_become=no os_patch_reboot_command=1.20");
		assertThat(run("node", "list", "0123").out()).containsPattern("010\\s+worker\\s+10.0.0.1:22\\s")
			.containsPattern("on\\s+worker\\s+\\[2001:db8::1\\]:2222\\s");
		assertThat(run("cluster", "show", "83").err()).contains("unknown cluster '83'");
	}

	@Test
	void importRefusesDuplicateKeysNamingLineAndColumn() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: lab-a
				    nodes:
				      - name: w-1
				        address: 10.0.0.1
				        role: worker
				        address: 10.0.0.2
				""");

		assertRefused(() -> run("import", fleet.toString()), "line 7, column 9: duplicate key 'address' (first at line 5)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "patch-on-boot: yes", "max-unavailable: lots", "failure-budget: no" })
	void importRefusesValuesThatAreNotOfTheirKeysType(String setting) throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), "clusters:\n  - name: lab-a\n    " + setting + "\n");

		assertRefused(() -> run("import", fleet.toString()), setting.substring(0, setting.indexOf(':')));
	}

	@Test
	void importRefusesANonDecimalPort() throws Exception {
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"),
				"clusters:\n  - name: lab-a\n    nodes: [{name: w-1, address: 10.0.0.1, role: worker, port: 022}]\n");

		assertRefused(() -> run("import", fleet.toString()), "port must be a number from 1 to 65535 written in decimal, not '022'");
	}

	@Test
	void importRefusesAnOversizedFileUnread() throws Exception {
		Path fleet = this.dir.resolve("fleet.yaml");
		try (RandomAccessFile file = new RandomAccessFile(fleet.toFile(), "rw")) {
			file.setLength(64L * 1024 * 1024);
		}
		long started = System.nanoTime();

		assertRefused(() -> run("import", fleet.toString()), "is larger than 1 MB");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "address: ':::::'", "address: 1::2::3", "address: fe80::1%eth0", "address: host.123",
			"name: all", "name: ungrouped", "name: localhost", "name: W1" })
	void importRefusesNodesAPatchCouldNotUse(String field) throws Exception {
		String node = field.startsWith("name:") ? "{" + field + ", address: 10.0.0.1, role: worker}"
				: "{name: w-1, " + field + ", role: worker}";
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: lab-a
				    nodes:
				      - {name: w-0, address: 10.0.0.9, role: worker}
				      - %s
				""".formatted(node));

		assertRefused(() -> run("import", fleet.toString()), field.startsWith("name:") ? "invalid node name" : "invalid node address");
	}

	@Test
	void importRefusesKeyPathsWithJinja() throws Exception {
		Path jinja = Files.writeString(Files.createDirectories(this.dir.resolve("{{ lookup('pipe','id') }}")).resolve("key"), "k");
		Path cluster = Files.writeString(this.dir.resolve("cluster.yaml"), "clusters:\n  - {name: lab-a, ssh-key: \"" + jinja + "\"}\n");
		Path node = Files.writeString(this.dir.resolve("node.yaml"), "clusters:\n  - name: lab-a\n    nodes: [{name: w-1, address: 10.0.0.1, role: worker, ssh-key: \""
				+ jinja + "\"}]\n");

		assertRefused(() -> run("import", cluster.toString()), "invalid SSH private key path");
		assertRefused(() -> run("import", node.toString()), "invalid SSH private key path");
	}

	@ParameterizedTest
	@ValueSource(strings = { ":::::", "1::2::3", "::1%lo", "host.123", "10.0.0.1\n" })
	void nodeAddRefusesAddressesAPatchCouldNotUse(String address) {
		run("cluster", "add", "prod-eu-1");

		assertRefused(() -> run("node", "add", "prod-eu-1", "w-1", "--address", address, "--role", "worker"),
				"invalid node address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "all", "ungrouped", "localhost", "W1" })
	void nodeAddRefusesNamesAPatchCouldNotUseOrThatDependOnTheDatabase(String name) {
		run("cluster", "add", "prod-eu-1");
		run("node", "add", "prod-eu-1", "w1", "--address", "10.0.0.1", "--role", "worker");

		assertRefused(() -> run("node", "add", "prod-eu-1", name, "--address", "10.0.0.2", "--role", "worker"),
				"invalid node name '" + name + "'");
	}

	@Test
	void keyPathsWithJinjaAreRefusedEverywhere() throws Exception {
		Path jinja = Files.writeString(Files.createDirectories(this.dir.resolve("{%raw%}")).resolve("key"), "k");
		run("cluster", "add", "prod-eu-1");

		assertRefused(() -> run("cluster", "add", "prod-eu-2", "--ssh-key", jinja.toString()), "invalid SSH private key path");
		assertRefused(() -> run("cluster", "set", "prod-eu-1", "--ssh-key", jinja.toString()), "invalid SSH private key path");
		assertRefused(() -> run("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker",
				"--ssh-key", jinja.toString()), "invalid SSH private key path");
	}

	@Test
	void clusterNamesAreFoundAsWrittenOnEveryDatabase() {
		run("cluster", "add", "prod-eu-1");

		assertRefused(() -> run("cluster", "show", "PROD-EU-1"), "unknown cluster 'PROD-EU-1'");
		assertRefused(() -> run("node", "add", "Prod-EU-1", "w-1", "--address", "10.0.0.1", "--role", "worker"),
				"unknown cluster 'Prod-EU-1'");
	}

	@Test
	void anAtFileArgumentIsAnOrdinaryArgumentAndItsFileIsNotRead() throws Exception {
		Path secret = Files.writeString(this.dir.resolve("shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n");

		CliRunner.Result top = run("@" + secret);
		CliRunner.Result show = run("cluster", "show", "@" + secret);

		assertThat(top.exitCode()).isEqualTo(2);
		assertThat(top.err()).contains("Unmatched argument at index 0: '@" + secret + "'").doesNotContain("secret-hash");
		assertThat(top.out()).doesNotContain("secret-hash");
		assertThat(show.exitCode()).isEqualTo(2);
		assertThat(show.err()).contains("unknown cluster '@" + secret + "'").doesNotContain("secret-hash");
	}

	@Test
	void everyCommandAnswersVersion() {
		for (String[] command : new String[][] { {}, { "cluster" }, { "cluster", "add" }, { "node", "list" },
				{ "import" }, { "patch" }, { "plan" }, { "runs" }, { "unlock" } }) {
			for (String option : List.of("-V", "--version")) {
				String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(option))
					.toArray(String[]::new);
				CliRunner.Result version = run(args);
				assertThat(version.exitCode()).as(String.join(" ", args)).isZero();
				assertThat(version.out()).as(String.join(" ", args)).startsWith("ospatch ");
			}
		}
	}

	/** Exit 2, one line on stderr and no stack trace, and not a row changed. */
	private void assertRefused(java.util.function.Supplier<CliRunner.Result> command, String message) {
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result run = command.get();

		assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
		assertThat(run.err()).contains(message).doesNotContain("at org.").doesNotContain("Exception");
		assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
