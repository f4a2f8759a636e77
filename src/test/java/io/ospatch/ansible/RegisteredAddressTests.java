package io.ospatch.ansible;

import java.util.stream.Stream;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever address registration accepts, the inventory writer accepts at patch time. */
class RegisteredAddressTests {

	static Stream<String> addresses() {
		return Stream.of("10.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.256", "1.2.3", "node-1.example.com",
				"worker7", "host.123", "a.b.010", "0123", "::", "::1", ":::::", "1::2::3", ":1::", "1:2:3:4:5:6:7:8",
				"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "fe80::1", "fe80::1%eth0",
				"2001:db8::42", "2001:DB8::ABCD", "::ffff:10.0.0.1", "::ffff:10.0.0.256", "12345::1", "g::1", ".:1",
				"-host", "host.", "xn--bcher-kva.example");
	}

	@ParameterizedTest
	@MethodSource("addresses")
	void anAddressRegistrationAcceptsIsOneTheInventoryAccepts(String address) {
		boolean registered;
		try {
			InputRules.address(address);
			registered = true;
		}
		catch (InvalidInputException ex) {
			registered = false;
		}

		if (registered) {
			assertThat(InventoryWriter.isAddress(address)).as(address).isTrue();
		}
	}

}
