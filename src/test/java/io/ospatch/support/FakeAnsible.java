package io.ospatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The fake {@code ansible-playbook} of {@code src/test/resources/fake-ansible}, for tests that run
 * ospatch as real processes: every host patched (os-patch.yml) or with updates available
 * (os-facts.yml), after an optional sleep. Its script says what it prints.
 */
public final class FakeAnsible {

	/** A file the fake appends one line to per run: {@code <unix time> <playbook file> <host1,host2>}. */
	public static final String LOG = "FAKE_ANSIBLE_LOG";

	/** Seconds (a float) the fake sleeps before it answers; SIGTERM or SIGKILL end it. */
	public static final String SLEEP = "FAKE_ANSIBLE_SLEEP";

	/** Comma-separated hosts the fake reports unreachable, exiting 4. */
	public static final String UNREACHABLE = "FAKE_ANSIBLE_UNREACHABLE";

	private static final Path SCRIPT = Path.of("src", "test", "resources", "fake-ansible", "ansible-playbook")
		.toAbsolutePath();

	private FakeAnsible() {
	}

	/** Copies the fake into {@code dir} as {@code ansible-playbook}, executable, and returns its path. */
	public static Path install(Path dir) {
		try {
			Path fake = Files.copy(SCRIPT, Files.createDirectories(dir).resolve("ansible-playbook"),
					StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
			return fake;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot install the fake ansible-playbook in " + dir, ex);
		}
	}

}
