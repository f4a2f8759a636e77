package io.ospatch.ansible;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process shaped like a daemonized ssh control master, for tests without an SSH server: it leads
 * a session of its own and names its socket in the control directory among its arguments (a real
 * master's title is {@code ssh: DIR/SOCKET [mux]}).
 */
final class StandInMaster {

	static final String SOCKET = "d860863e64";

	private StandInMaster() {
	}

	/** Starts one for {@code controlDir} and waits until it runs. */
	static ProcessTable.Entry start(Path controlDir) throws IOException {
		Path socket = controlDir.resolve(SOCKET);
		new ProcessBuilder("setsid", "python3", "-c", "import time; time.sleep(300)", socket.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Processes.await("the stand-in master runs", Duration.ofSeconds(30),
				() -> Processes.mentioning(socket.toString()).stream().anyMatch(StandInMaster::isPython));
		return Processes.mentioning(socket.toString()).stream().filter(StandInMaster::isPython).findFirst().orElseThrow();
	}

	private static boolean isPython(ProcessTable.Entry process) {
		return !process.arguments().isEmpty() && process.arguments().get(0).endsWith("python3");
	}

}
