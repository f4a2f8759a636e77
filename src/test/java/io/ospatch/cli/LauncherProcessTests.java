package io.ospatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ospatch.support.OspatchProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/ospatch}, the launcher: the same commands, output and exit codes as
 * {@code java -jar target/ospatch.jar}, from the extracted jar and a class data sharing archive it
 * makes once per build in its cache directory; {@code java -jar} when it cannot make them.
 */
class LauncherProcessTests {

	private static final Path LAUNCHER = Path.of("bin/ospatch").toAbsolutePath();

	private static final long TIMEOUT_SECONDS = 120;

	@TempDir
	Path dir;

	@Test
	void firstCommandPreparesTheFastStartOnceAndEveryCommandAnswersAsTheJarDoes() throws Exception {
		Path cache = this.dir.resolve("cache");

		Result first = launch(Map.of("OSPATCH_CACHE_DIR", cache.toString()), "--version");
		Result second = launch(Map.of("OSPATCH_CACHE_DIR", cache.toString()), "--version");
		Result plain = plainJar("--version");

		assertThat(first.exitCode()).isZero();
		assertThat(first.stdout()).isEqualTo(plain.stdout()).startsWith("ospatch ");
		assertThat(first.stderr()).contains("ospatch: preparing a faster start for this build of ospatch.jar");
		assertThat(second.exitCode()).isZero();
		assertThat(second.stdout()).isEqualTo(plain.stdout());
		assertThat(second.stderr()).as("prepared once").isEmpty();
		// one directory for this build and this JVM: the extracted jar, its libraries and the archive
		try (Stream<Path> entries = Files.list(cache)) {
			List<Path> builds = entries.toList();
			assertThat(builds).singleElement()
				.satisfies((build) -> assertThat(build.resolve("ospatch.jsa")).isRegularFile())
				.satisfies((build) -> assertThat(build.resolve("ospatch.jar")).isRegularFile())
				.satisfies((build) -> assertThat(build.resolve("lib")).isDirectory());
		}
		assertThat(Files.getPosixFilePermissions(cache)).hasSize(3).allMatch((permission) -> permission.name().startsWith("OWNER"));

		// what a user can get wrong answers as the jar answers it: one line, exit 2, no stack trace
		Result usage = launch(Map.of("OSPATCH_CACHE_DIR", cache.toString()), "cluster", "list", "--no-such-option");
		Result plainUsage = plainJar("cluster", "list", "--no-such-option");
		assertThat(usage.exitCode()).isEqualTo(plainUsage.exitCode()).isEqualTo(2);
		assertThat(usage.stderr()).isEqualTo(plainUsage.stderr()).doesNotContain("\tat ");

		// a command with the application and its database behind it
		Result list = launch(Map.of("OSPATCH_CACHE_DIR", cache.toString()), "cluster", "list");
		Result plainList = plainJar("cluster", "list");
		assertThat(list.exitCode()).isEqualTo(plainList.exitCode());
		assertThat(list.stdout() + list.stderr()).isEqualTo(plainList.stdout() + plainList.stderr()).contains("no clusters");
	}

	@Test
	void withoutAWritableCacheItSaysSoAndRunsTheJar() throws Exception {
		Path notADirectory = Files.writeString(this.dir.resolve("file"), "");

		Result result = launch(Map.of("OSPATCH_CACHE_DIR", notADirectory.resolve("cache").toString()), "--version");

		assertThat(result.exitCode()).isZero();
		assertThat(result.stdout()).startsWith("ospatch ");
		assertThat(result.stderr()).contains("could not prepare it in " + notADirectory.resolve("cache") + "; starting as 'java -jar'");
	}

	@Test
	void aMissingJarIsOneLineAndExitTwo() throws Exception {
		Path missing = this.dir.resolve("ospatch.jar");

		Result result = launch(Map.of("OSPATCH_JAR", missing.toString(), "OSPATCH_CACHE_DIR", this.dir.resolve("cache").toString()),
				"--version");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stdout()).isEmpty();
		assertThat(result.stderr().strip()).isEqualTo("ospatch: " + missing
				+ " does not exist: build it with 'mvn -B -DskipTests package', or set OSPATCH_JAR");
		assertThat(this.dir.resolve("cache")).doesNotExist();
	}

	private Result launch(Map<String, String> environment, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
		command.addAll(List.of(args));
		Map<String, String> all = new java.util.HashMap<>(Map.of("OSPATCH_JAR", OspatchProcess.JAR.toString()));
		all.putAll(environment);
		return run(command, all);
	}

	private Result plainJar(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", OspatchProcess.JAR.toString()));
		command.addAll(List.of(args));
		return run(command, Map.of());
	}

	private Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
		Path out = Files.createTempFile(this.dir, "out", ".txt");
		Path err = Files.createTempFile(this.dir, "err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().keySet().removeIf((variable) -> variable.startsWith("OSPATCH_") || variable.startsWith("SPRING_")
				|| variable.equals("JAVA_TOOL_OPTIONS"));
		builder.environment().put("OSPATCH_HOME", this.dir.resolve("home").toString());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
