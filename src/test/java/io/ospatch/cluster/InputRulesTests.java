package io.ospatch.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
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

	@Test
	void schedulesArePresetsOrFiveFieldCron() {
		assertThat(InputRules.schedule("weekly")).isEqualTo("weekly");
		assertThat(InputRules.schedule("30  2 1 * *")).isEqualTo("30 2 1 * *");
		assertThatThrownBy(() -> InputRules.schedule("daily")).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> InputRules.schedule("61 2 1 * *")).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void timezonesAreRegionNames() {
		assertThat(InputRules.timezone("Europe/Paris")).hasToString("Europe/Paris");
		assertThatThrownBy(() -> InputRules.timezone("Mars/Olympus")).isInstanceOf(InvalidInputException.class);
	}

}
