package io.ospatch.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a killed or stopped ospatch may have left behind: processes and files. */
public final class Leftovers {

	private Leftovers() {
	}

	/** Processes whose command line contains {@code marker}, still running after ten seconds to go. */
	public static List<ProcessHandle> processesAfterTenSeconds(String marker) throws InterruptedException {
		List<ProcessHandle> left = List.of();
		for (int i = 0; i < 100; i++) {
			left = ProcessHandle.allProcesses()
				.filter((process) -> process.info().commandLine().map((line) -> line.contains(marker)).orElse(false))
				.toList();
			if (left.isEmpty()) {
				return left;
			}
			Thread.sleep(100);
		}
		return left;
	}

	/** The entries of {@code dir}. */
	public static List<Path> filesIn(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
	}

}
