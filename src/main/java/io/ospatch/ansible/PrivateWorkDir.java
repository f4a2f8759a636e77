package io.ospatch.ansible;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh directory only its owner can enter, for the files of one playbook run; closing it deletes
 * it with everything inside.
 * <p>
 * Permissions are set when each file is created, never changed afterwards: there is no moment in
 * which another user could open an inventory (it names SSH keys, users and addresses).
 */
final class PrivateWorkDir implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PrivateWorkDir.class);

	private final Path path;

	private PrivateWorkDir(Path path) {
		this.path = path;
	}

	static PrivateWorkDir createIn(Path parent) {
		try {
			Files.createDirectories(parent);
			return new PrivateWorkDir(Files.createTempDirectory(parent, "ospatch-ansible-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a private work directory in " + parent, ex);
		}
	}

	Path path() {
		return this.path;
	}

	/** Writes a new owner-only (0600) file; fails if it exists already. */
	Path writeFile(String fileName, byte[] content) {
		Path file = this.path.resolve(fileName);
		try {
			Files.createFile(file,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
				out.write(content);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

	/** Deletes the directory; a failure is logged, not thrown, so that it never hides the run's own. */
	@Override
	public void close() {
		try (Stream<Path> paths = Files.walk(this.path)) {
			paths.sorted(Comparator.reverseOrder()).forEach(PrivateWorkDir::delete);
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not delete the private work directory {}", this.path, ex);
		}
	}

	private static void delete(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
