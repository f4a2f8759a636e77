package io.ospatch.ansible;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes of this machine as Linux's {@code /proc} shows them: what {@link ProcessHandle}
 * does not tell, their process group, their session and their start time in clock ticks since boot.
 * <p>
 * A process may end while it is being read: it is then left out, as is one whose files cannot be
 * read.
 */
final class ProcessTable {

	private static final Path PROC = Path.of("/proc");

	private ProcessTable() {
	}

	/**
	 * One process.
	 *
	 * @param pid its id
	 * @param ppid its parent's id
	 * @param pgid its process group's id
	 * @param sid its session's id
	 * @param zombie whether it has ended and waits to be reaped
	 * @param startTicks when it started, in clock ticks since boot: with the pid, it names one
	 * process for good, whatever the clock does
	 * @param arguments its command line, the program first; empty for a zombie
	 */
	record Entry(long pid, long ppid, long pgid, long sid, boolean zombie, long startTicks, List<String> arguments) {

		/** Whether one of its arguments is {@code path} or a path inside it. */
		boolean mentions(Path path) {
			String dir = path.toString();
			String inside = dir + "/";
			return this.arguments.stream().anyMatch((argument) -> argument.equals(dir) || argument.contains(inside));
		}

	}

	/** Every process that can be read. */
	static List<Entry> all() {
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path dir : dirs) {
				read(Long.parseLong(dir.getFileName().toString())).ifPresent(entries::add);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot list the processes in " + PROC, ex);
		}
		return entries;
	}

	/** The process {@code pid}, if it exists and can be read. */
	static Optional<Entry> read(long pid) {
		Path dir = PROC.resolve(Long.toString(pid));
		try {
			String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
			// The name, in parentheses, may hold spaces and parentheses: the fields start after the last one.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
			byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
			return Optional.of(new Entry(pid, Long.parseLong(fields[1]), Long.parseLong(fields[2]),
					Long.parseLong(fields[3]), "Z".equals(fields[0]), Long.parseLong(fields[19]), arguments(cmdline)));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static List<String> arguments(byte[] cmdline) {
		if (cmdline.length == 0) {
			return List.of();
		}
		int end = (cmdline[cmdline.length - 1] == 0) ? cmdline.length - 1 : cmdline.length;
		return Arrays.asList(new String(cmdline, 0, end, StandardCharsets.UTF_8).split("\0", -1));
	}

}
