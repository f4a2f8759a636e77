package io.ospatch.ansible;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Where an executable is, as a shell would find it to run it. */
public final class Executables {

	private Executables() {
	}

	/**
	 * The executable file {@code name} names: itself when it holds a path separator, else the first
	 * on the {@code PATH}; empty when there is none.
	 */
	public static Optional<Path> find(String name) {
		try {
			if (name.contains(File.separator)) {
				return Optional.of(Path.of(name)).filter(Files::isExecutable);
			}
			String path = System.getenv().getOrDefault("PATH", "");
			return Arrays.stream(path.split(File.pathSeparator))
				.filter((dir) -> !dir.isEmpty())
				.map((dir) -> Path.of(dir, name))
				.filter(Files::isExecutable)
				.findFirst();
		}
		catch (InvalidPathException ex) {
			// a name no file can have (a NUL byte) is on no PATH
			return Optional.empty();
		}
	}

}
