package io.ospatch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
		Process kubectl = new ProcessBuilder(KUBECTL, "kustomize", dir.toString()).start();
		kubectl.getOutputStream().close();
		byte[] out = kubectl.getInputStream().readAllBytes();
		String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize ended").isTrue();
		assertThat(kubectl.exitValue()).as("%s kustomize %s: %s", KUBECTL, dir, err).isZero();
		return new String(out, StandardCharsets.UTF_8);
	}

}
