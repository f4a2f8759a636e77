package io.ospatch.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold a secret (a become password, a webhook's signing secret): read only when they are
 * regular files that no one but their owner may read, as UTF-8 text. Errors name the file, never what
 * it holds.
 */
final class OwnerOnlyFiles {

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private OwnerOnlyFiles() {
	}

	/**
	 * @param name how errors name the file ({@code become password file /etc/…})
	 * @throws InvalidInputException naming the file and what is wrong with it, never its content
	 */
	static String read(Path file, String name) {
		if (!Files.isRegularFile(file)) {
			throw new InvalidInputException(name + " does not exist or is not a file");
		}
		try {
			if (Files.getPosixFilePermissions(file).stream().anyMatch(GROUP_OR_OTHERS::contains)) {
				throw new InvalidInputException(name + " may be read by others: make it owner-only (chmod 600)");
			}
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
		}
		catch (UnsupportedOperationException ex) {
			throw new InvalidInputException(name + ": its permissions cannot be checked on this file system");
		}
		catch (CharacterCodingException ex) {
			throw new InvalidInputException(name + " is not UTF-8 text");
		}
		catch (IOException ex) {
			throw new InvalidInputException(name + " is not readable");
		}
	}

}
