package io.ospatch.ansible;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InventoryWriterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final InventoryWriter writer = new InventoryWriter(this.json);

	@TempDir
	Path temp;

	@Test
	void writesOneAllGroupWithConnectionVarsHostVarsAndGroupVars() throws IOException {
		InventoryHost controlPlane = new InventoryHost("lab-a-1", "127.0.0.1", 2201, "root", Path.of("/keys/id_ed25519"),
				new SshOptions(Path.of("/lab/known_hosts"), null), Map.of("node_role", "control-plane"));
		InventoryHost worker = new InventoryHost("lab-a-2", "node-2.example.com", 22, null, null);

		try (PrivateWorkDir dir = PrivateWorkDir.createIn(this.temp)) {
			Path inventory = this.writer.writeInventory(dir, List.of(controlPlane, worker),
					Map.of("os_patch_reboot_command", "/usr/local/sbin/lab-reboot"));

			assertThat(this.json.readTree(inventory)).isEqualTo(this.json.readTree("""
					{"all": {
					  "hosts": {
					    "lab-a-1": {"ansible_host": "127.0.0.1", "ansible_port": 2201, "ansible_user": "root",
					                "ansible_ssh_private_key_file": "/keys/id_ed25519",
					                "ansible_ssh_common_args": "-o UserKnownHostsFile=/lab/known_hosts -o StrictHostKeyChecking=yes",
					                "node_role": "control-plane"},
					    "lab-a-2": {"ansible_host": "node-2.example.com", "ansible_port": 22}},
					  "vars": {"os_patch_reboot_command": "/usr/local/sbin/lab-reboot"}}}
					"""));
		}
	}

	@Test
	void ansibleReadsTheInventoryAsWritten() throws Exception {
		InventoryHost host = new InventoryHost("lab-a-1", "::1", 2201, "root", null, Map.of("node_role", "worker"));

		try (PrivateWorkDir dir = PrivateWorkDir.createIn(this.temp)) {
			Path inventory = this.writer.writeInventory(dir, List.of(host), Map.of("os_patch_hold", List.of("kubelet")));
			Process process = new ProcessBuilder("ansible-inventory", "-i", inventory.toString(), "--list")
				.redirectErrorStream(false)
				.start();
			String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

			JsonNode hostVars = this.json.readTree(listing).path("_meta").path("hostvars").path("lab-a-1");
			assertThat(hostVars.path("ansible_host").asString()).isEqualTo("::1");
			assertThat(hostVars.path("ansible_port").asInt()).isEqualTo(2201);
			assertThat(hostVars.path("node_role").asString()).isEqualTo("worker");
			assertThat(hostVars.path("os_patch_hold").get(0).asString()).isEqualTo("kubelet");
		}
	}

	@Test
	void filesAreOwnerOnlyInAnOwnerOnlyDirectoryThatClosingDeletes() throws IOException {
		Path dirPath;
		try (PrivateWorkDir dir = PrivateWorkDir.createIn(this.temp)) {
			dirPath = dir.path();
			Path inventory = this.writer.writeInventory(dir, List.of(new InventoryHost("n1", "10.0.0.1", 22, null, null)),
					Map.of());
			Path extraVars = this.writer.writeExtraVars(dir, Map.of("os_patch_target_version", "12.12"));

			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirPath))).isEqualTo("rwx------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inventory))).isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extraVars))).isEqualTo("rw-------");
			assertThat(this.json.readTree(extraVars).path("os_patch_target_version").asString()).isEqualTo("12.12");
		}
		assertThat(dirPath).doesNotExist();
		assertThat(this.temp).isEmptyDirectory();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "x ansible_host=evil", "node;rm -rf /", "node\nevil", "node\tevil", "",
			"-node", ".node", "node[1:3]", "node{{x}}", "n\u00e9ud",
			"a1234567890123456789012345678901234567890123456789012345678901234" })
	void rejectsHostNamesThatAreNotPlainNames(String name) {
		InventoryHost host = new InventoryHost(name, "10.0.0.1", 22, null, null);

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageStartingWith("inventory host name " + AnsibleVars.quote(name) + " is not allowed");
	}

	@Test
	void showsControlCharactersOfARejectedNameInsteadOfBreakingTheMessage() {
		InventoryHost host = new InventoryHost("node\nevil", "10.0.0.1", 22, null, null);

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageContaining("'node\\nevil'")
			.withMessageNotContaining("\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.2.3.4 -oProxyCommand=x", "-oProxyCommand=x", "999.1.1.1", "1.2.3", "10.0.0.1;id",
			"evil.com;id", "[::1]", "1:2", "::1%eth0", "node_1.example.com", "{{ x }}", "", "a..b", "-a.b" })
	void rejectsAddressesThatAreNeitherIpLiteralsNorDnsNames(String address) {
		InventoryHost host = new InventoryHost("node-1", address, 22, null, null);

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessage("host node-1: address " + AnsibleVars.quote(address)
					+ " is not an IPv4 address, an IPv6 address or a DNS name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.1", "255.255.255.255", "::1", "2001:db8::10", "fe80::1", "::ffff:10.0.0.1",
			"localhost", "node-1.example.com", "node-1.example.com.", "1node.example.com" })
	void acceptsIpLiteralsAndDnsNames(String address) {
		InventoryHost host = new InventoryHost("node-1", address, 22, null, null);

		assertThat(this.writer.inventory(List.of(host), Map.of())).isNotNull();
	}

	@Test
	void rejectsATemplateInAHostVar() {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null,
				Map.of("node_role", "{{ lookup('pipe','id') }}"));

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageStartingWith("host node-1: var node_role must not contain a Jinja delimiter")
			.withMessageContaining("{{ lookup('pipe','id') }}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{{ lookup('pipe','id') }}", "{% if true %}x{% endif %}", "{# hidden #}",
			"prefix {{x}}" })
	void rejectsATemplateAnywhereInAGroupVar(String value) {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("packages", List.of("kubelet", Map.of("name", value)));
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writer.inventory(List.of(host), Map.of("os_patch_hold", nested)))
			.withMessageStartingWith("group var os_patch_hold.packages[1].name must not contain a Jinja delimiter");
	}

	@Test
	void rejectsATemplateInAnExtraVar() {
		try (PrivateWorkDir dir = PrivateWorkDir.createIn(this.temp)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.writer.writeExtraVars(dir, Map.of("os_patch_target_version", "{{ 7*7 }}")))
				.withMessageStartingWith("extra var os_patch_target_version must not contain a Jinja delimiter");
			assertThat(dir.path()).isEmptyDirectory();
		}
	}

	@Test
	void rejectsATemplateInTheKeyPath() {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, "root", Path.of("/keys/{{ x }}"));

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageStartingWith("host node-1: SSH private key path must not contain a Jinja delimiter");
	}

	@ParameterizedTest
	@ValueSource(strings = { "root -oProxyCommand=x", "root;id", "", "{{x}}", "ro\not" })
	void rejectsUsersThatAreNotPlainNames(String user) {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, user, null);

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageStartingWith("host node-1: SSH user " + AnsibleVars.quote(user) + " is not allowed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a-b", "1x", "x y", "", "x\ny", "x{{" })
	void rejectsVarNamesAnsibleCannotHold(String name) {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null, Map.of(name, "v"));

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessageStartingWith("host node-1: var " + AnsibleVars.quote(name) + " is not a valid Ansible variable name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writer.inventory(List.of(), Map.of(name, "v")))
			.withMessageStartingWith("group var " + AnsibleVars.quote(name) + " is not a valid Ansible variable name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ansible_host", "ansible_port", "ansible_user", "ansible_ssh_host",
			"ansible_ssh_private_key_file", "ansible_ssh_common_args" })
	void rejectsHostVarsThatWouldPointTheHostElsewhere(String var) {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null, Map.of(var, "evil.example.com"));

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of()))
			.withMessage("host node-1: var " + var
					+ " is not allowed, ospatch sets it from the host's address, port, user, key and SSH options");
	}

	@Test
	void composesTheSshArgumentsFromTheKnownHostsFileAndTheJumpHostOneTokenEach() {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, "ubuntu", null,
				new SshOptions(Path.of("/etc/ospatch/known_hosts/prod-eu-1"), "ops@bastion.example.com:2222"), Map.of());

		Map<String, Object> vars = hostVars(this.writer.inventory(List.of(host), Map.of()), "node-1");

		assertThat(vars.get("ansible_ssh_common_args"))
			.isEqualTo("-o UserKnownHostsFile=/etc/ospatch/known_hosts/prod-eu-1 -o StrictHostKeyChecking=yes"
					+ " -o ProxyJump=ops@bastion.example.com:2222");
		assertThat(host.ssh().arguments()).containsExactly("-o", "UserKnownHostsFile=/etc/ospatch/known_hosts/prod-eu-1",
				"-o", "StrictHostKeyChecking=yes", "-o", "ProxyJump=ops@bastion.example.com:2222");
	}

	@Test
	void aJumpHostAloneIsOneProxyJumpOptionAndNoSettingsNoArguments() {
		InventoryHost jump = new InventoryHost("node-1", "10.0.0.1", 22, null, null, new SshOptions(null, "[2001:db8::1]:22"),
				Map.of());
		InventoryHost plain = new InventoryHost("node-2", "10.0.0.2", 22, null, null);

		Map<String, Object> inventory = this.writer.inventory(List.of(jump, plain), Map.of());

		assertThat(hostVars(inventory, "node-1").get("ansible_ssh_common_args")).isEqualTo("-o ProxyJump=[2001:db8::1]:22");
		assertThat(hostVars(inventory, "node-2")).doesNotContainKey("ansible_ssh_common_args");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-oProxyCommand=x", "ops@bastion -oProxyCommand=x", "ops@bastion,evil", "a@b@c",
			"bastion:22 x", "ops@-bastion", "bastion\nx", "'bastion'" })
	void refusesJumpHostsThatAreNotPlainUserHostPort(String jumpHost) {
		assertThatIllegalArgumentException().isThrownBy(() -> new SshOptions(null, jumpHost))
			.withMessageStartingWith("jump host ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "relative/known_hosts", "/with space/known_hosts", "/etc/%h", "/etc/kh,/tmp/x",
			"/etc/\"kh" })
	void refusesKnownHostsPathsSshWouldReadAsMore(String path) {
		assertThatIllegalArgumentException().isThrownBy(() -> new SshOptions(Path.of(path), null))
			.withMessageStartingWith("known-hosts file ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ansible_connection", "ansible_ssh_common_args", "ansible_ssh_extra_args",
			"ansible_scp_extra_args", "ansible_ssh_executable", "ansible_become_exe", "ansible_become_method",
			"ansible_become_flags", "ansible_shell_executable", "ansible_shell_type", "ansible_perl_interpreter",
			"ansible_paramiko_proxy_command", "ANSIBLE_CONNECTION" })
	void refusesGroupVarsAnsibleWouldRunOnTheController(String var) {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null);

		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.inventory(List.of(host), Map.of(var, "x")))
			.withMessageStartingWith("group var " + var + " is not allowed");
	}

	@Test
	void aPythonInterpreterGroupVarMustBeAPlainAbsolutePath() {
		InventoryHost host = new InventoryHost("node-1", "10.0.0.1", 22, null, null);

		assertThat(this.writer.inventory(List.of(host), Map.of("ansible_python_interpreter", "/usr/local/bin/lab-python3")))
			.isNotNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writer.inventory(List.of(host),
					Map.of("ansible_python_interpreter", "/usr/bin/python3 -c 'import os'")))
			.withMessageStartingWith("group var ansible_python_interpreter is not allowed");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> hostVars(Map<String, Object> inventory, String host) {
		Map<String, Object> all = (Map<String, Object>) inventory.get("all");
		return (Map<String, Object>) ((Map<String, Object>) all.get("hosts")).get(host);
	}

	@Test
	void rejectsValuesWithoutAPlainJsonForm() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.writer.inventory(List.of(), Map.of("os_patch_since", new Object())))
			.withMessageStartingWith("group var os_patch_since has a value of type java.lang.Object");
	}

}
