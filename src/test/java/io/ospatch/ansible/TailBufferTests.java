package io.ospatch.ansible;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TailBufferTests {

	@Test
	void keepsEverythingUpToItsCapacity() {
		TailBuffer tail = new TailBuffer(10);

		write(tail, "abc");
		write(tail, "defg");

		assertThat(tail.text()).isEqualTo("abcdefg");
	}

	@Test
	void keepsOnlyTheLastBytesOfManySmallWrites() {
		TailBuffer tail = new TailBuffer(10);

		for (int i = 0; i < 100; i++) {
			write(tail, "line " + i + "\n");
		}

		assertThat(tail.text()).isEqualTo("8\nline 99\n");
	}

	@Test
	void keepsOnlyTheEndOfOneLargeWrite() {
		TailBuffer tail = new TailBuffer(10);
		write(tail, "start");

		write(tail, "x".repeat(1000) + "0123456789");

		assertThat(tail.text()).isEqualTo("0123456789");
	}

	private static void write(TailBuffer tail, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		tail.write(bytes, 0, bytes.length);
	}

}
