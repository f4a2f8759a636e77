package io.ospatch.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab fleet of real Debian nodes ({@code lab/fleet}), driven from tests. One fleet serves the
 * whole test JVM: it is brought up fresh on first use and taken down when the JVM exits. Tests that
 * change a node (behind, faults) put it back themselves.
 */
public final class LabFleet {

	/** Nodes and clusters of the test fleet: lab-a-1..3 and lab-b-1..3, the first of each control plane. */
	public static final int NODES = 6;

	public static final int CLUSTERS = 2;

	private static final Path SCRIPT = Path.of("lab", "fleet").toAbsolutePath();

	private static LabFleet fleet;

	private LabFleet() {
	}

	/** The running test fleet; the first call brings it up (seconds once the lab's cache exists). */
	public static synchronized LabFleet get() {
		if (fleet == null) {
			run("up", String.valueOf(NODES), "--clusters", String.valueOf(CLUSTERS));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> run("down"), "lab-fleet-down"));
			fleet = new LabFleet();
		}
		return fleet;
	}

	/** Clears every fault of every node (a node made behind stays behind until patched). */
	public void reset() {
		for (String node : nodes()) {
			clear(node);
		}
	}

	public List<String> nodes() {
		List<String> nodes = new ArrayList<>();
		for (char cluster = 'a'; cluster < 'a' + CLUSTERS; cluster++) {
			for (int i = 1; i <= NODES / CLUSTERS; i++) {
				nodes.add("lab-" + cluster + "-" + i);
			}
		}
		return nodes;
	}

	public Path inventory() {
		return Path.of(run("inventory").strip());
	}

	/** The fleet in {@code ospatch import} format, written to a file. */
	public Path fleetYaml(Path dir) throws IOException {
		return Files.writeString(dir.resolve("lab-fleet.yaml"), run("fleet-yaml"));
	}

	public void behind(String node) {
		run("behind", node);
	}

	/** {@code lab/fleet fault NODE KIND [ARG]}, e.g. {@code fault("lab-a-2", "slow", "2")}. */
	public void fault(String node, String... fault) {
		List<String> args = new ArrayList<>(List.of("fault", node));
		args.addAll(List.of(fault));
		run(args.toArray(String[]::new));
	}

	public void clear(String node) {
		run("fault", node, "clear");
	}

	public void apt(String node, String source) {
		run("apt", node, source);
	}

	/** Runs a command in the node over its SSH and returns what it printed. */
	public String ssh(String node, String... command) {
		List<String> args = new ArrayList<>(List.of("ssh", node));
		args.addAll(List.of(command));
		return run(args.toArray(String[]::new));
	}

	/** Where the fleet keeps its state: {@code OSPATCH_LAB_DIR}, as lab/fleet reads it. */
	public Path labDir() {
		String dir = System.getenv("OSPATCH_LAB_DIR");
		return Path.of((dir != null && !dir.isEmpty()) ? dir : "/var/lib/ospatch-lab");
	}

	/** The lab key, which root of every node accepts. */
	public Path sshKey() {
		return labDir().resolve("ssh").resolve("id_ed25519");
	}

	/** The known-hosts file listing every node's host key. */
	public Path knownHosts() {
		return labDir().resolve("known_hosts");
	}

	/** The port the node's sshd listens on, on 127.0.0.1, as {@code status} tells it. */
	public int sshPort(String node) {
		for (String line : run("status").split("\n")) {
			String[] fields = line.strip().split("\\s+");
			if (fields.length > 3 && fields[0].equals(node)) {
				return Integer.parseInt(fields[3].substring(fields[3].lastIndexOf(':') + 1));
			}
		}
		throw new IllegalStateException("lab/fleet status does not list " + node);
	}

	/** How many SSH connections the node's sshd has accepted since the node was made (its log says). */
	public long sshConnectionsAccepted(String node) throws IOException {
		try (var lines = Files.lines(labDir().resolve("nodes").resolve(node).resolve("console.log"))) {
			return lines.filter((line) -> line.startsWith("Accepted publickey for ")).count();
		}
	}

	public String debianVersion(String node) {
		return ssh(node, "cat", "/etc/debian_version").strip();
	}

	public String packageVersion(String node, String pkg) {
		// the node's shell reads the words, as with ssh: quote the format against its expansion
		return ssh(node, "dpkg-query", "-W", "-f='${Version}'", pkg).strip();
	}

	private static String run(String... args) {
		List<String> command = new ArrayList<>();
		command.add(SCRIPT.toString());
		command.addAll(List.of(args));
		Command.Result result = Command.run(Path.of("."), Map.of(), Duration.ofMinutes(15), command);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " exited " + result.exitCode()
					+ " (the lab needs root; its error is in the test output):\n" + result.stdout());
		}
		return result.stdout();
	}

}
