package io.ospatch.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One of ospatch's Python scripts that watch over processes for this JVM (the playbook runs'
 * supervisor, the SSH control guard): read once from the classpath, written into a private
 * directory for each use, and run by {@code python3} (which Ansible needs anyway) with this JVM's
 * pid as its first argument, so that it notices when the JVM has gone.
 */
final class JvmScript {

	private static final String INTERPRETER = "python3";

	private static final String JVM_PID = Long.toString(ProcessHandle.current().pid());

	private final String name;

	private final byte[] content;

	private JvmScript(String name, byte[] content) {
		this.name = name;
		this.content = content;
	}

	/** The script {@code name}, a resource beside this class. */
	static JvmScript load(String name) {
		try (InputStream script = JvmScript.class.getResourceAsStream(name)) {
			if (script == null) {
				throw new IllegalStateException(name + " is missing from the classpath");
			}
			return new JvmScript(name, script.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + name, ex);
		}
	}

	/**
	 * Writes the script into {@code dir} and gives its command line: {@code python3 -I SCRIPT JVM_PID
	 * ARGUMENTS...}. -I: the environment's PYTHONPATH and the like are for whatever the script runs,
	 * not for the script.
	 */
	List<String> command(PrivateWorkDir dir, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(INTERPRETER, "-I", dir.writeFile(this.name, this.content).toString(),
				JVM_PID));
		command.addAll(arguments);
		return command;
	}

}
