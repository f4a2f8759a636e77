package io.ospatch.cluster;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class FleetFileTests {

	@TempDir
	Path dir;

	@Test
	void valuesAreReadAsTheTextWrittenNotAsYaml11Numbers() throws Exception {
		Path file = fleet("""
				clusters:
				  - name: 0123
				    ssh-user: no
				    timezone: UTC
				    max-unavailable: 010
				    failure-budget: 10%
				    patch-on-boot: true
				    contacts: [sec@example.com]
				    inventory-vars: {ansible_become_password: 1.20, ansible_become: yes, os_patch_reboot_command: 0x1F, os_patch_reboot_boot_time_command: 2001-12-14}
				    nodes:
				      - {name: 010, address: 10.0.0.1, role: worker, port: 2222}
				      - {name: on, address: worker-1.example.com, role: control-plane}
				""");

		List<FleetEntry> entries = FleetFile.read(file);

		FleetEntry entry = entries.get(0);
		assertThat(entry.name()).isEqualTo("0123");
		assertThat(entry.settings().sshUser()).isEqualTo("no");
		assertThat(entry.settings().maxUnavailable()).isEqualTo(CountOrPercent.count(10));
		assertThat(entry.settings().failureBudget()).isEqualTo(new CountOrPercent(10, true));
		assertThat(entry.settings().patchOnBoot()).isTrue();
		assertThat(entry.settings().inventoryVars()).containsEntry("ansible_become_password", "1.20")
			.containsEntry("ansible_become", "yes")
			.containsEntry("os_patch_reboot_command", "0x1F")
			.containsEntry("os_patch_reboot_boot_time_command", "2001-12-14");
		assertThat(entry.nodes()).extracting(NodeSpec::name).containsExactly("010", "on");
		assertThat(entry.nodes()).extracting(NodeSpec::port).containsExactly(2222, null);
	}

	@Test
	void eksKeysAreReadWithNodegroupsAsAListOrCommaSeparatedText() throws Exception {
		Path file = fleet("""
				clusters:
				  - {name: a, kind: eks, eks-cluster: 0123, region: eu-west-1, nodegroups: [general, 010], eks-force: true}
				  - {name: b, kind: eks, eks-cluster: shop, region: us-east-2, nodegroups: "x, y"}
				  - {name: c, kind: eks, eks-cluster: shop, region: us-east-2, nodegroups: all}
				""");

		List<FleetEntry> entries = FleetFile.read(file);

		assertThat(entries.get(0).settings().eksCluster()).isEqualTo("0123");
		assertThat(entries.get(0).settings().region()).isEqualTo("eu-west-1");
		assertThat(entries.get(0).settings().nodegroups()).containsExactly("general", "010");
		assertThat(entries.get(0).settings().eksForce()).isTrue();
		assertThat(entries.get(1).settings().nodegroups()).containsExactly("x", "y");
		assertThat(entries.get(1).settings().eksForce()).isNull();
		assertThat(entries.get(2).settings().nodegroups()).isNull();
		assertThat(entries.get(2).settings().cleared()).contains("nodegroups");
	}

	@Test
	void aBadNodegroupNameIsRefusedNamingTheCluster() throws Exception {
		Path file = fleet("clusters:\n  - {name: a, kind: eks, eks-cluster: shop, region: eu-west-1, nodegroups: [ok, 'no way']}\n");

		assertThatThrownBy(() -> FleetFile.read(file)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("invalid node group name 'no way'");
	}

	@Test
	void tildeNullAndNothingMeanNotGivenButQuotedTheyAreText() throws Exception {
		assertThat(FleetFile.read(fleet("clusters:\n  - {name: a, ssh-user: ~, timezone: null, nodes: }\n")).get(0))
			.satisfies((entry) -> {
				assertThat(entry.settings().sshUser()).isNull();
				assertThat(entry.settings().timezone()).isNull();
				assertThat(entry.nodes()).isEmpty();
			});
		assertThat(FleetFile.read(fleet("clusters:\n  - {name: a, nodes: [{name: \"null\", address: a.example, role: worker}]}\n"))
			.get(0)
			.nodes()).extracting(NodeSpec::name).containsExactly("null");
		assertRefused("clusters:\n  - name: ~\n", "'name' is required");
	}

	@Test
	void becomePasswordFileIsAnOwnerOnlyFileStoredByItsPath() throws Exception {
		Path secret = Files.writeString(this.dir.resolve("become"), "hunter2\n");
		Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));

		assertThat(FleetFile.read(fleet("clusters:\n  - {name: a, become-password-file: " + secret + "}\n")).get(0)
			.settings()
			.becomePasswordFile()).isEqualTo(secret);

		Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
		assertRefused("clusters:\n  - {name: a, become-password-file: " + secret + "}\n", "may be read by others");
	}

	@ParameterizedTest
	@ValueSource(strings = { "yes", "no", "on", "1", "'true '" })
	void patchOnBootIsTrueOrFalseOnly(String value) throws Exception {
		assertRefused("clusters:\n  - {name: a, patch-on-boot: " + value + "}\n", "'patch-on-boot' must be true or false");
	}

	@Test
	void theMaintenanceWindowAndTheDrainPolicyAreClusterSettings() throws Exception {
		ClusterSettings settings = FleetFile
			.read(fleet("clusters:\n  - {name: a, maintenance-window: 1h30m, drain-emptydir-data: true}\n"))
			.get(0)
			.settings();

		assertThat(settings.maintenanceWindow()).isEqualTo(Duration.ofMinutes(90));
		assertThat(settings.drainDeleteEmptyDirData()).isTrue();
		assertThat(FleetFile.read(fleet("clusters:\n  - {name: a, maintenance-window: none}\n")).get(0).settings().cleared())
			.contains("maintenance-window");
	}

	@ParameterizedTest
	@ValueSource(strings = { "4", "0m", "30s", "169h", "4 h", "1d", "-1h", "h" })
	void aMaintenanceWindowIsHoursAndMinutesFromOneMinuteToAWeek(String value) throws Exception {
		assertRefused("clusters:\n  - {name: a, maintenance-window: " + value + "}\n", "maintenance-window");
	}

	@ParameterizedTest
	@ValueSource(strings = { "yes", "1", "'false '" })
	void drainEmptyDirDataIsTrueOrFalseOnly(String value) throws Exception {
		assertRefused("clusters:\n  - {name: a, drain-emptydir-data: " + value + "}\n",
				"'drain-emptydir-data' must be true or false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "022", "0x16", "22.0", "0", "65536", "ssh", "'-1'", "2_222" })
	void portsAreDecimalNumbersInRange(String port) throws Exception {
		assertThatThrownBy(() -> FleetFile.read(fleet("clusters:\n  - name: a\n    nodes:\n      - {name: w, address: 10.0.0.1, role: worker, port: "
				+ port + "}\n")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("clusters[0] (a).nodes[0] (w): ")
			.hasMessageContaining("port");
	}

	@Test
	void aCountOrPercentMustBeOne() throws Exception {
		assertRefused("clusters:\n  - {name: a, failure-budget: no}\n", "failure-budget: 'no' is not a count");
		assertRefused("clusters:\n  - {name: a, max-unavailable: 1.5}\n", "max-unavailable: '1.5' is not a count");
	}

	@Test
	void duplicateKeysAreErrorsWithTheirLineAndColumn() throws Exception {
		assertRefused("""
				clusters:
				  - name: a
				    ssh-user: ubuntu
				    name: b
				""", "line 4, column 5: duplicate key 'name' (first at line 2)");
		assertRefused("""
				clusters:
				  - name: a
				    nodes:
				      - {name: w, address: 10.0.0.1, role: worker, address: 10.0.0.2}
				""", "line 4, column 52: duplicate key 'address'");
		assertRefused("clusters: []\nclusters: []\n", "line 2, column 1: duplicate key 'clusters'");
	}

	@Test
	void explicitTagsAndMergeKeysAreNotInterpreted() throws Exception {
		assertRefused("clusters:\n  - {name: !!int 12}\n", "the tag tag:yaml.org,2002:int is not supported");
		assertRefused("""
				defaults: &d {ssh-user: ubuntu}
				clusters:
				  - {name: a, <<: *d}
				""", "unknown key 'defaults'");
		assertRefused("clusters:\n  - {name: a, <<: {ssh-user: ubuntu}}\n", "unknown key '<<'");
	}

	@Test
	void syntaxErrorsAreOneLineWithTheirPlace() throws Exception {
		assertThatThrownBy(() -> FleetFile.read(fleet("clusters:\n  - name: a\n   bad: [\n")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("line ")
			.hasMessageContaining("not valid YAML")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	@Test
	void controlCharactersInValuesNeverBreakTheOneLineMessage() throws Exception {
		assertRefused("clusters:\n  - {name: a, kind: \"x\\ny\"}\n", "unknown cluster kind 'x\\x0ay'");
		assertRefused("clusters:\n  - {name: a, failure-budget: \"1\\e[31m\"}\n", "failure-budget: '1\\x1b[31m'");
		assertRefused("clusters:\n  - {name: a, nodes: [{name: w, address: 10.0.0.1, role: \"w\\rx\"}]}\n",
				"unknown node role 'w\\x0dx'");
	}

	@Test
	void nonUtf8IsRefused() throws Exception {
		Path file = Files.write(this.dir.resolve("latin1.yaml"), "clusters:\n  - name: caf\u00e9\n".getBytes("ISO-8859-1"));
		assertThatThrownBy(() -> FleetFile.read(file)).hasMessageContaining("is not UTF-8 text");
	}

	@Test
	void anOversizedFileIsRefusedBeforeItIsRead() throws Exception {
		Path justOver = sparse("just-over.yaml", FleetFile.MAX_BYTES + 1);
		Path huge = sparse("huge.yaml", 8L * 1024 * 1024 * 1024);

		assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
			assertThatThrownBy(() -> FleetFile.read(justOver)).isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("is larger than 1 MB");
			assertThatThrownBy(() -> FleetFile.read(huge)).isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("is larger than 1 MB");
		});
	}

	@Test
	void aFileAtTheLimitIsRead() throws Exception {
		StringBuilder text = new StringBuilder("clusters:\n  - name: a\n");
		text.append("#".repeat((int) (FleetFile.MAX_BYTES - text.length() - 1))).append('\n');
		Path file = Files.writeString(this.dir.resolve("at-limit.yaml"), text);
		assertThat(Files.size(file)).isEqualTo(FleetFile.MAX_BYTES);

		assertThat(FleetFile.read(file)).extracting(FleetEntry::name).containsExactly("a");
	}

	private Path sparse(String name, long size) throws Exception {
		Path file = this.dir.resolve(name);
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.setLength(size);
		}
		return file;
	}

	private void assertRefused(String yaml, String message) throws Exception {
		Path file = fleet(yaml);
		assertThatThrownBy(() -> FleetFile.read(file)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	private Path fleet(String yaml) throws Exception {
		return Files.writeString(Files.createTempFile(this.dir, "fleet", ".yaml"), yaml);
	}

}
