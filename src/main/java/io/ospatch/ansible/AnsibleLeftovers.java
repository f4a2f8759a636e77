package io.ospatch.ansible;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after ospatch processes that died in the middle of a playbook run: the processes of the
 * run, should any have survived its supervisor, and its private work directory, which holds an
 * inventory naming SSH keys, users and addresses; and the SSH control masters of a dead ospatch,
 * should any have survived its {@link SshControlMasters guard}, with their control directory.
 * <p>
 * Each run's work directory and each JVM's control directory names the JVM it belongs to (pid and
 * start time); a master names its socket, inside the control directory, among its arguments. Only directories of
 * JVMs that are gone are touched: other ospatch processes on the same machine, running their own
 * playbooks, are normal. A pid now used by another process counts as gone; a pid whose start time
 * cannot be read counts as alive. Directories of other users, and directories named otherwise, are
 * left alone.
 */
public final class AnsibleLeftovers {

	private static final Logger logger = LoggerFactory.getLogger(AnsibleLeftovers.class);

	private final Path workDir;

	/**
	 * @param properties the settings of the runs to clean up after; {@code workDir} is where their
	 * directories are
	 */
	public AnsibleLeftovers(AnsibleProperties properties) {
		this.workDir = properties.workDir().toAbsolutePath().normalize();
	}

	/**
	 * Kills what is left of the runs and SSH masters of dead ospatch processes and deletes their
	 * directories.
	 * Never fails: what cannot be cleaned up (a permission problem) is logged as a warning and counted.
	 * @return what was found and done
	 */
	public Cleanup clean() {
		int deleted = 0;
		int killed = 0;
		int failed = 0;
		// /proc/self is a link, to a directory owned by this process's user.
		Optional<Object> ownUid = uid(Path.of("/proc/self"));
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.workDir, PrivateWorkDir.ANY_NAME_PREFIX + "*")) {
			for (Path dir : dirs) {
				Optional<PrivateWorkDir.Owner> owner = PrivateWorkDir.ownerOf(dir);
				// A link or another user's directory is not a leftover of ours, whatever its name.
				if (owner.isEmpty() || owner.get().mayBeAlive() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
						|| !ownUid.equals(uid(dir, LinkOption.NOFOLLOW_LINKS))) {
					continue;
				}
				int killedHere = LeftoverProcesses.end(dir);
				killed += killedHere;
				boolean gone = PrivateWorkDir.delete(dir);
				deleted += gone ? 1 : 0;
				failed += gone ? 0 : 1;
				logger.info("Cleaned up after ospatch process {}, gone: killed {} of its processes, {} {}",
						owner.get().pid(), killedHere, gone ? "deleted" : "could not delete", dir);
			}
		}
		catch (NoSuchFileException ex) {
			// No run ever had a directory here.
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not look for the leftovers of dead playbook runs in {}", this.workDir, ex);
		}
		return new Cleanup(deleted, killed, failed);
	}

	private static Optional<Object> uid(Path path, LinkOption... options) {
		try {
			return Optional.ofNullable(Files.getAttribute(path, "unix:uid", options));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * What a cleanup did.
	 *
	 * @param deletedWorkDirs work directories and SSH control directories of dead ospatch processes
	 * deleted
	 * @param killedProcesses processes of their runs, and SSH masters, killed
	 * @param failedWorkDirs work directories of dead ospatch processes that could not be deleted
	 * (logged)
	 */
	public record Cleanup(int deletedWorkDirs, int killedProcesses, int failedWorkDirs) {

	}

}
