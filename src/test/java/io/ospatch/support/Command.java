package io.ospatch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command given as an argument list, for tests: stdout kept, stderr passed through. */
public final class Command {

	private Command() {
	}

	/**
	 * @param dir working directory
	 * @param environment added to the inherited environment
	 * @param timeout killed after this
	 * @param args the command and its arguments
	 * @throws IllegalStateException if it cannot start or does not end in time
	 */
	public static Result run(Path dir, Map<String, String> environment, Duration timeout, List<String> args) {
		try {
			Path output = Files.createTempFile("test-command", ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
					.redirectOutput(output.toFile())
					.redirectError(ProcessBuilder.Redirect.INHERIT);
				builder.environment().putAll(environment);
				Process process = builder.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(String.join(" ", args) + " did not end within " + timeout);
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", args) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + String.join(" ", args), ex);
		}
	}

	/**
	 * How a command ended.
	 *
	 * @param exitCode its exit code
	 * @param stdout what it printed on stdout
	 */
	public record Result(int exitCode, String stdout) {
	}

}
