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
	@ValueSource(strings = { "10.0.0.1", "127.0.0.1", "node-1.example.com", "fe80::1", "2001:db8::42", "worker7" })
	void acceptsAddressesAndHostNames(String address) {
		assertThat(InputRules.address(address)).isEqualTo(address);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " 10.0.0.1", "10.0.0.1 -oProxyCommand=id", "-oProxyCommand=id", "10.0.0.256",
			"1.2.3", "host;id", "$(id)", "`id`", "host name", "a\nansible_host=evil", "{{ lookup('pipe','id') }}",
			"host.", "-host" })
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
