package io.ospatch.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl}, for what it does without a cluster: Debian's kubernetes-client, which
 * {@code lab/prereqs} installs; the environment variable {@code KUBECTL} names another.
 */
public final class Kubectl {

	public static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");

	private Kubectl() {
	}

	/** The output of {@code kubectl kustomize DIR}; fails the test with kubectl's stderr if it fails. */
	public static String kustomize(Path dir) throws IOException, InterruptedException {
		return run("", "kustomize", dir.toString());
	}

	/** The output of {@code kubectl ARGS} given {@code stdin}; fails the test with kubectl's stderr if it fails. */
	public static String run(String stdin, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(KUBECTL));
		command.addAll(List.of(args));
		// no cluster: what is run here works on files alone
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("KUBECONFIG", "/dev/null");
		Process kubectl = builder.start();
		try (OutputStream in = kubectl.getOutputStream()) {
			in.write(stdin.getBytes(StandardCharsets.UTF_8));
		}
		byte[] out = kubectl.getInputStream().readAllBytes();
		String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl ended").isTrue();
		assertThat(kubectl.exitValue()).as("%s %s: %s", KUBECTL, String.join(" ", args), err).isZero();
		return new String(out, StandardCharsets.UTF_8);
	}

}
