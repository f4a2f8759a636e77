package io.ospatch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a killed or stopped ospatch may have left behind: processes and files. */
public final class Leftovers {

	private Leftovers() {
	}

	/**
	 * Processes whose command line contains {@code marker}, still running after ten seconds to go. A
	 * process that rewrote its command line (an ssh control master's is {@code ssh: SOCKET [mux]})
	 * is found too.
	 */
	public static List<ProcessHandle> processesAfterTenSeconds(String marker) throws InterruptedException {
		List<ProcessHandle> left = List.of();
		for (int i = 0; i < 100; i++) {
			left = ProcessHandle.allProcesses()
				.filter((process) -> process.info().commandLine().map((line) -> line.contains(marker)).orElse(false)
						|| rawCommandLine(process).contains(marker))
				.toList();
			if (left.isEmpty()) {
				return left;
			}
			Thread.sleep(100);
		}
		return left;
	}

	/**
	 * The command line as the process shows it in {@code /proc}, arguments joined by spaces: Java's
	 * {@link ProcessHandle.Info} gives none for a process whose first argument is not its program.
	 */
	private static String rawCommandLine(ProcessHandle process) {
		try {
			byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
			return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
		}
		catch (IOException ex) {
			// Gone meanwhile, or another user's: Java's view above is all there is.
			return "";
		}
	}

	/** The entries of {@code dir}. */
	public static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
