package io.ospatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server for a test class (GreenMail, on loopback): started before the class's Spring
 * context and stopped after its last test. The class registers it with {@code @RegisterExtension}
 * and hands its port to Spring ({@code spring.mail.port}) from a {@code @DynamicPropertySource}.
 */
public final class TestSmtp {

	private TestSmtp() {
	}

	/** A server on {@code port} (see {@link #freePort()}), one for the whole test class. */
	public static GreenMailExtension server(int port) {
		return new GreenMailExtension(new ServerSetup(port, "127.0.0.1", "smtp")).withPerMethodLifecycle(false);
	}

	/** A port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
