package io.ospatch.ansible;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh directory only its owner can enter, for the files of one playbook run; closing it deletes
 * it with everything inside.
 * <p>
 * Permissions are set when each file is created, never changed afterwards: there is no moment in
 * which another user could open an inventory (it names SSH keys, users and addresses).
 * <p>
 * Its name, {@code ospatch-ansible-<pid>-<start>-<random>} for a run's files and
 * {@code ospatch-ssh-<pid>-<start>-<random>} for a JVM's SSH control sockets, tells which JVM it
 * belongs to: the pid and the start time (clock ticks since boot, as {@code /proc/<pid>/stat} gives
 * it) of the JVM that created it. With both, a directory left by a dead JVM is told apart from one
 * of a live ospatch, even once the pid has been given to another process.
 */
final class PrivateWorkDir implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PrivateWorkDir.class);

	static final String NAME_PREFIX = "ospatch-ansible-";

	/** Shorter than the runs' prefix: a socket's path must fit in 107 bytes. */
	static final String SSH_NAME_PREFIX = "ospatch-ssh-";

	/** What the names of both kinds start with. */
	static final String ANY_NAME_PREFIX = "ospatch-";

	private static final Pattern NAME = Pattern.compile("(?:" + Pattern.quote(NAME_PREFIX) + "|"
			+ Pattern.quote(SSH_NAME_PREFIX) + ")([0-9]+)-([0-9]+)-[0-9]+");

	private static final Owner THIS_JVM = Owner.current();

	private static final SecureRandom SHORT_RANDOM = new SecureRandom();

	private final Path path;

	private PrivateWorkDir(Path path) {
		this.path = path;
	}

	/**
	 * Creates a directory in {@code parent}, named for this JVM. Its path is absolute: ansible-playbook
	 * runs in another directory, and a leftover's arguments are matched against it.
	 */
	static PrivateWorkDir createIn(Path parent) {
		return create(parent, NAME_PREFIX);
	}

	/**
	 * Creates this JVM's directory for SSH control sockets in {@code parent}. Its random part is
	 * short, unlike a run's: the sockets' paths must fit in 107 bytes.
	 */
	static PrivateWorkDir createSshControlDirIn(Path parent) {
		try {
			Path absoluteParent = Files.createDirectories(parent.toAbsolutePath().normalize());
			for (int attempt = 0;; attempt++) {
				Path dir = absoluteParent.resolve(THIS_JVM.namePrefix(SSH_NAME_PREFIX) + SHORT_RANDOM.nextInt(1_000_000));
				try {
					return new PrivateWorkDir(Files.createDirectory(dir,
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
				}
				catch (FileAlreadyExistsException ex) {
					if (attempt >= 100) {
						throw ex;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a private SSH control directory in " + parent, ex);
		}
	}

	private static PrivateWorkDir create(Path parent, String kind) {
		try {
			Path absoluteParent = Files.createDirectories(parent.toAbsolutePath().normalize());
			return new PrivateWorkDir(Files.createTempDirectory(absoluteParent, THIS_JVM.namePrefix(kind),
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
		delete(this.path);
	}

	/** The JVM that created the work directory {@code dir}, if its name tells. */
	static Optional<Owner> ownerOf(Path dir) {
		Matcher name = NAME.matcher(dir.getFileName().toString());
		if (!name.matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Owner(Long.parseLong(name.group(1)), Long.parseLong(name.group(2))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Deletes a work directory with everything inside.
	 * @return whether it is gone; a failure is logged, not thrown
	 */
	static boolean delete(Path dir) {
		if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
			// a supervisor that never ran anything removes its own
			return true;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(PrivateWorkDir::deleteOne);
			return true;
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not delete the private work directory {}", dir, ex);
			return false;
		}
	}

	private static void deleteOne(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The JVM a work directory belongs to.
	 *
	 * @param pid its process id
	 * @param startTicks when it started, in clock ticks since boot; 0 when that could not be read
	 */
	record Owner(long pid, long startTicks) {

		static Owner current() {
			long pid = ProcessHandle.current().pid();
			return new Owner(pid, ProcessTable.read(pid).map(ProcessTable.Entry::startTicks).orElse(0L));
		}

		String namePrefix(String kind) {
			return kind + this.pid + "-" + this.startTicks + "-";
		}

		/**
		 * Whether the owner may still be running. A pid in use counts as alive unless its start time
		 * shows another process: a directory of a live run must never be touched.
		 */
		boolean mayBeAlive() {
			Optional<ProcessTable.Entry> process = ProcessTable.read(this.pid);
			if (process.isEmpty()) {
				// Unreadable is not gone: /proc may hide other users' processes.
				return Files.exists(Path.of("/proc", Long.toString(this.pid)));
			}
			if (process.get().zombie()) {
				return false;
			}
			return this.startTicks == 0 || process.get().startTicks() == this.startTicks;
		}

	}

}
