package io.ospatch.cronjob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image definition, short of building it (no container engine here): it copies what the
 * repository and {@code mvn package} provide, sends nothing else to the builder, runs the jar, as
 * the user and with the paths the manifests expect.
 */
class DockerfileTests {

	private static final Path DOCKERFILE = Path.of("k8s-cronjobs/Dockerfile");

	@Test
	void itCopiesTheJarMavenPackagesItsLauncherAndThePlaybooksOnly() throws IOException {
		List<String[]> copies = instructions("COPY").stream().map((args) -> args.split("\\s+")).toList();

		assertThat(copies).extracting((copy) -> copy[0]).containsExactly("target/ospatch.jar", "bin/ospatch", "playbooks");
		assertThat(Path.of("bin/ospatch")).isRegularFile().isExecutable();
		// the jar's path is the pom's finalName: what `mvn package` writes
		assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>ospatch</finalName>");
		assertThat(Path.of("playbooks/os-patch.yml")).isRegularFile();
		assertThat(Path.of("playbooks/ansible.cfg")).isRegularFile();
		// .dockerignore keeps out all but what is copied
		assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("*", "!target/ospatch.jar", "!bin/ospatch", "!playbooks");
	}

	@Test
	void itRunsTheJarThroughItsLauncherWithJavaAnsibleAndSshOnDebianAsTheManifestsUser() throws IOException {
		assertThat(instructions("FROM")).singleElement().asString().startsWith("debian:");
		assertThat(String.join(" ", instructions("RUN"))).contains("openjdk-17-jre-headless", "ansible-core",
				"openssh-client", "python3", "tini");
		assertThat(instructions("ENTRYPOINT")).singleElement()
			.isEqualTo("[\"/usr/bin/tini\", \"--\", \"/opt/ospatch/bin/ospatch\"]");
		assertThat(instructions("COPY")).contains("target/ospatch.jar /opt/ospatch/ospatch.jar",
				"bin/ospatch /opt/ospatch/bin/ospatch", "playbooks /opt/ospatch/playbooks");
		// the launcher finds the jar, and its start files made in the image, where the user can read them
		assertThat(String.join(" ", instructions("ENV"))).contains("OSPATCH_JAR=/opt/ospatch/ospatch.jar",
				"OSPATCH_CACHE_DIR=/opt/ospatch/start", "OSPATCH_JAVA_OPTS=-XX:MaxRAMPercentage=50");
		assertThat(instructions("RUN")).last().isEqualTo("/opt/ospatch/bin/ospatch --version");

		PodSpec pod = KubernetesManifestsTests.cronJobs().values().stream().findFirst().map(DockerfileTests::pod).orElseThrow();
		long user = pod.getSecurityContext().getRunAsUser();
		assertThat(instructions("USER")).containsExactly(user + ":" + pod.getSecurityContext().getRunAsGroup());
		String env = String.join(" ", instructions("ENV"));
		pod.getContainers().get(0).getEnv().stream().filter((variable) -> variable.getValue() != null).forEach(
				(variable) -> assertThat(env).as(variable.getName()).contains(variable.getName() + "=" + variable.getValue()));
	}

	private static PodSpec pod(CronJob cronJob) {
		return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
	}

	/** The arguments of every instruction of this name, continuation lines joined. */
	private static List<String> instructions(String name) throws IOException {
		String text = Files.readString(DOCKERFILE).replaceAll("(?m)^#.*\\n", "").replaceAll("\\\\\\n\\s*", " ");
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\s+(.*)$").matcher(text);
		List<String> arguments = new ArrayList<>();
		while (matcher.find()) {
			arguments.add(matcher.group(1).strip().replaceAll("\\s+", " "));
		}
		return arguments;
	}

}
