package io.ospatch.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
		return command(dir, INTERPRETER, arguments);
	}

	/** As {@link #command(PrivateWorkDir, List)}, run by {@code interpreter}. */
	List<String> command(PrivateWorkDir dir, String interpreter, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(interpreter, "-I", dir.writeFile(this.name, this.content).toString(),
				JVM_PID));
		command.addAll(arguments);
		return command;
	}

	/**
	 * The Python 3 that runs {@code executable} (a path, or a name looked up on the {@code PATH}): the
	 * interpreter its {@code #!} line names, when that is an executable {@code python3*}; else
	 * {@code python3}.
	 */
	static String interpreterOf(String executable) {
		Optional<Path> script = Executables.find(executable);
		if (script.isEmpty()) {
			return INTERPRETER;
		}
		try (InputStream in = Files.newInputStream(script.get())) {
			String first = new String(in.readNBytes(256), StandardCharsets.UTF_8).lines().findFirst().orElse("");
			if (first.startsWith("#!")) {
				String[] words = first.substring(2).strip().split("\\s+");
				Path interpreter = Path.of(words[0]);
				if (interpreter.isAbsolute() && interpreter.getFileName().toString().startsWith(INTERPRETER)
						&& Files.isExecutable(interpreter)) {
					return interpreter.toString();
				}
			}
		}
		catch (IOException | InvalidPathException ex) {
			// not readable (or not there: the run says so): python3, as for any other executable
			return INTERPRETER;
		}
		return INTERPRETER;
	}

}
