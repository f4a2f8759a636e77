package io.ospatch.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.1", "127.0.0.1", "node-1.example.com", "fe80::1", "2001:db8::42", "worker7", "::1",
			"::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:10.0.0.1", "64:ff9b::192.0.2.33", "node-1.example.c0m" })
	void acceptsAddressesAndHostNames(String address) {
		assertThat(InputRules.address(address)).isEqualTo(address);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " 10.0.0.1", "10.0.0.1 -oProxyCommand=id", "-oProxyCommand=id", "10.0.0.256",
			"1.2.3", "host;id", "$(id)", "`id`", "host name", "a\nansible_host=evil", "{{ lookup('pipe','id') }}",
			"host.", "-host", ":::::", "1::2::3", ":1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::1",
			"fe80::1%eth0", "g::1", "::1.2.3", "::10.0.0.256", "host.123", "0123", "a.b.010" })
	void rejectsAddressesThatAreNotAddresses(String address) {
		assertThatThrownBy(() -> InputRules.address(address)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid node address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "node 1", "x ansible_host=evil", "node;rm -rf /", "-node", "a\nb", "", "{{x}}",
			"node$(id)" })
	void rejectsNodeNamesThatCouldInjectInventorySyntaxOrShellWords(String name) {
		assertThatThrownBy(() -> InputRules.nodeName(name)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid node name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "all", "ungrouped", "localhost" })
	void ansibleReservedNamesAreNotNodeNames(String name) {
		assertThatThrownBy(() -> InputRules.nodeName(name)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Ansible reserves all, localhost, ungrouped");
	}

	@ParameterizedTest
	@ValueSource(strings = { "W1", "Worker-1", "ALL", "nodeA" })
	void nodeNamesAreLowerCaseOnEveryDatabase(String name) {
		assertThatThrownBy(() -> InputRules.nodeName(name)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("lower-case");
	}

	@Test
	void nodeNamesMayBeDigitsDotsAndUnderscores() {
		assertThat(InputRules.nodeName("010")).isEqualTo("010");
		assertThat(InputRules.nodeName("w_1.lab")).isEqualTo("w_1.lab");
		assertThat(InputRules.nodeName("all-1")).isEqualTo("all-1");
	}

	@ParameterizedTest
	@CsvSource({ "4h,PT4H,4h", "90m,PT1H30M,1h30m", "1h30m,PT1H30M,1h30m", "1m,PT1M,1m", "168h,PT168H,168h",
			"45m,PT45M,45m" })
	void maintenanceWindowsAreHoursAndMinutesStoredInOneForm(String given, String length, String stored) {
		Duration window = InputRules.maintenanceWindow(given);

		assertThat(window).isEqualTo(Duration.parse(length));
		assertThat(InputRules.formatWindow(window)).isEqualTo(stored);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "0m", "0h", "59s", "169h", "4", "4H", "1d", "h", "m", "1m1h" })
	void maintenanceWindowsOutsideAMinuteToAWeekAreRefused(String window) {
		assertThatThrownBy(() -> InputRules.maintenanceWindow(window)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("maintenance-window: ");
	}

	@Test
	void controlCharactersAreShownEscapedInMessages() {
		assertThatThrownBy(() -> InputRules.nodeName("a\u001b[31mb")).hasMessageContaining("a\\x1b[31mb");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Prod", "prod_eu", "-prod", "prod-", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void clusterNamesAreDnsLabels(String name) {
		assertThatThrownBy(() -> InputRules.clusterName(name)).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void inventoryValuesMayNotCarryJinja() {
		assertThatThrownBy(() -> InputRules.inventoryVar("x", "{{ lookup('pipe', 'id') }}"))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Jinja");
		assertThatThrownBy(() -> InputRules.inventoryVar("bad name", "1")).isInstanceOf(InvalidInputException.class);
		InputRules.inventoryVar("ansible_python_interpreter", "/usr/bin/python3");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = { "ansible_ssh_common_args|-o ProxyCommand=\"touch /tmp/pwned\"",
			"ansible_ssh_extra_args|-o ProxyCommand=x", "ansible_ssh_args|-o ProxyCommand=x",
			"ansible_scp_extra_args|-S /tmp/x", "ansible_sftp_extra_args|-S /tmp/x", "ansible_connection|local",
			"ansible_ssh_executable|/tmp/evil", "ansible_become_exe|/tmp/evil", "ansible_become_method|su",
			"ansible_become_flags|-c id", "ansible_shell_executable|/tmp/evil", "ansible_shell_type|powershell",
			"ansible_perl_interpreter|/usr/bin/perl", "ansible_port|2222", "ansible_host|evil.example.com",
			"ansible_paramiko_proxy_command|touch /tmp/x", "ansible_network_os|evil", "ansible_remote_tmp|/tmp",
			"some_var|x" })
	void onlyAllowedInventoryVariablesPass(String name, String value) {
		assertThatThrownBy(() -> InputRules.inventoryVar(name, value)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("inventory variable " + name + " is not allowed")
			.hasMessageNotContaining("\n");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = { "ansible_python_interpreter|python3",
			"ansible_python_interpreter|/usr/bin/python3 -c 'import os; os.system(\"id\")'",
			"ansible_python_interpreter|/usr/bin/python3;id", "ansible_python_interpreter|/usr/bin/$(id)",
			"ansible_python_interpreter|/usr/bin/python3 ", "ansible_become|sometimes", "ansible_become_user|root;id",
			"os_patch_reboot|sometimes", "os_patch_reboot_timeout|-1", "os_patch_reboot_timeout|ten",
			"os_patch_apt_lock_timeout|1e9", "os_patch_refresh_private_lists|maybe" })
	void allowedInventoryVariablesTakeOnlyTheirValues(String name, String value) {
		assertThatThrownBy(() -> InputRules.inventoryVar(name, value)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("inventory variable " + name + ": value ");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = { "ansible_python_interpreter|/usr/local/bin/lab-python3",
			"ansible_python_interpreter|auto_silent", "ansible_become|true", "ansible_become_user|root",
			"ansible_become_password|s3cr3t with spaces; and $ymbols", "os_patch_reboot|never",
			"os_patch_reboot_command|/usr/local/sbin/lab-reboot", "os_patch_reboot_boot_time_command|cat /run/lab-boot-id",
			"os_patch_reboot_timeout|900", "os_patch_apt_lock_timeout|0", "os_patch_refresh_private_lists|false" })
	void whatANodePatchNeedsPasses(String name, String value) {
		InputRules.inventoryVar(name, value);
	}

	@Test
	void knownHostsIsAnExistingFileAtAPlainAbsolutePath(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("known_hosts"), "");
		Path spaced = Files.createDirectory(dir.resolve("with space"));
		Files.writeString(spaced.resolve("known_hosts"), "");

		assertThat(InputRules.knownHostsFile(file)).isEqualTo(file.toAbsolutePath());
		assertThatThrownBy(() -> InputRules.knownHostsFile(dir.resolve("missing")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("does not exist");
		assertThatThrownBy(() -> InputRules.knownHostsFile(dir)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("not a readable file");
		assertThatThrownBy(() -> InputRules.knownHostsFile(spaced.resolve("known_hosts")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid known-hosts file");
		assertThatThrownBy(() -> InputRules.knownHostsFile(Path.of("/etc/%h")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid known-hosts file");
	}

	@ParameterizedTest
	@ValueSource(strings = { "bastion.example.com", "ops@bastion.example.com", "ops@bastion.example.com:2222",
			"10.0.0.1:22", "ops@[2001:db8::1]:22", "[::1]" })
	void jumpHostsAreUserHostPort(String jumpHost) {
		assertThat(InputRules.jumpHost(jumpHost)).isEqualTo(jumpHost);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-oProxyCommand=touch /tmp/x", "ops@bastion -oProxyCommand=x", "ops@bastion,evil",
			"a@b@c", "Ops@bastion", "ops@-bastion", "ops@bastion:0", "ops@bastion:70000", "ops@bastion:", "@bastion",
			"ops@2001:db8::1", "ops@[bastion]", "ops@bastion:22 x", "ops@bastion\nx", "ops@{{x}}", "", "bastion;id" })
	void jumpHostsThatAreNotPlainUserHostPortAreRefused(String jumpHost) {
		assertThatThrownBy(() -> InputRules.jumpHost(jumpHost)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid jump host");
	}

	@Test
	void keyFileMustExist(@TempDir Path dir) throws Exception {
		Path key = Files.writeString(dir.resolve("id"), "key");

		assertThat(InputRules.keyFile(key)).isEqualTo(key.toAbsolutePath());
		assertThatThrownBy(() -> InputRules.keyFile(dir.resolve("missing"))).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("does not exist");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{{ lookup('pipe','id') }}", "keys/{%raw%}", "keys/{#x", "keys/a\nb", "keys/\u001b[31m" })
	void keyPathsMayNotCarryJinjaOrControlCharacters(String name, @TempDir Path dir) throws Exception {
		Path key = Files.writeString(Files.createDirectories(dir.resolve(name).getParent()).resolve(dir.resolve(name).getFileName()), "key");

		assertThatThrownBy(() -> InputRules.keyFile(key)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("invalid SSH private key path")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
		assertThatThrownBy(() -> InputRules.keyFile(key.toString())).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void aKeyPathThatIsNoPathIsBadInput() {
		assertThatThrownBy(() -> InputRules.keyFile("a\u0000b")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("invalid SSH private key path 'a\\x00b'");
	}

	/** What a schedule means is the schedule feature's (ScheduleTests); here it is only stored tidily. */
	@Test
	void schedulesAreStoredWithSingleSpacesAndNoControlCharacters() {
		assertThat(InputRules.schedule("weekly")).isEqualTo("weekly");
		assertThat(InputRules.schedule(" 30  2 1 * * ")).isEqualTo("30 2 1 * *");
		assertThatThrownBy(() -> InputRules.schedule(" ")).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> InputRules.schedule("0 0 * * *\u001b[2J")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("\\x1b");
		assertThatThrownBy(() -> InputRules.schedule("0 ".repeat(65))).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void timezonesAreRegionNames() {
		assertThat(InputRules.timezone("Europe/Paris")).hasToString("Europe/Paris");
		assertThatThrownBy(() -> InputRules.timezone("Mars/Olympus")).isInstanceOf(InvalidInputException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "shop", "Shop_prod-1", "9lives",
			"a123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" })
	void eksClusterNamesFollowAwsRule(String name) {
		assertThat(InputRules.eksClusterName(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "eu-west-1", "us-east-2", "ap-southeast-3", "us-gov-west-1", "cn-northwest-1" })
	void awsRegionsAreAccepted(String region) {
		assertThat(InputRules.awsRegion(region)).isEqualTo(region);
	}

	@ParameterizedTest
	@ValueSource(strings = { "general", "Batch_2", "ng-1",
			"a12345678901234567890123456789012345678901234567890123456789012" })
	void nodegroupNamesFollowAwsRule(String name) {
		assertThat(InputRules.nodegroupName(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-ng", "ng.1", "ng 1", "ng\n1",
			"a123456789012345678901234567890123456789012345678901234567890123" })
	void nodegroupNamesOutsideAwsRuleAreRefused(String name) {
		assertThatThrownBy(() -> InputRules.nodegroupName(name)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid node group name");
	}

}
