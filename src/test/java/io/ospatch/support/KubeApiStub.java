package io.ospatch.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A cluster's Kubernetes API for tests: fabric8's mock server in CRUD mode, holding the nodes a
 * test gives it, and a kubeconfig file that reaches it with a bearer token ({@link #TOKEN}) that
 * must never show up in ospatch's output or logs.
 */
public final class KubeApiStub implements AutoCloseable {

	/** The kubeconfig's credential; a test asserts it is printed and logged nowhere. */
	public static final String TOKEN = "ospatch-test-token-5f1c2e9a";

	private final KubernetesMockServer server;

	private final KubernetesClient client;

	private final Path kubeconfig;

	public KubeApiStub(Path dir) throws IOException {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
		this.server.init();
		this.client = this.server.createClient();
		this.kubeconfig = writeKubeconfig(dir.resolve("kubeconfig-" + this.server.getPort()),
				"http://" + this.server.getHostName() + ":" + this.server.getPort());
	}

	/** A kubeconfig whose API server does not answer: nothing listens on its port. */
	public static Path unreachableKubeconfig(Path dir) throws IOException {
		return writeKubeconfig(dir.resolve("kubeconfig-unreachable"), "http://127.0.0.1:1");
	}

	private static Path writeKubeconfig(Path file, String server) throws IOException {
		return Files.writeString(file, """
				apiVersion: v1
				kind: Config
				clusters:
				- name: lab
				  cluster:
				    server: %s
				contexts:
				- name: lab-admin
				  context:
				    cluster: lab
				    user: ospatch
				current-context: lab-admin
				users:
				- name: ospatch
				  user:
				    token: %s
				""".formatted(server, TOKEN));
	}

	public Path kubeconfig() {
		return this.kubeconfig;
	}

	/** Adds (or replaces) a node as a kubelet registers it. */
	public void node(String name, String internalIp, boolean controlPlane, String osImage, String kernel) {
		NodeBuilder node = new NodeBuilder().withNewMetadata()
			.withName(name)
			.addToLabels("kubernetes.io/hostname", name)
			.endMetadata()
			.withNewStatus()
			.addNewAddress()
			.withType("Hostname")
			.withAddress(name)
			.endAddress()
			.addNewAddress()
			.withType("InternalIP")
			.withAddress(internalIp)
			.endAddress()
			.withNewNodeInfo()
			.withOsImage(osImage)
			.withKernelVersion(kernel)
			.withKubeletVersion("v1.31.4")
			.endNodeInfo()
			.endStatus();
		if (controlPlane) {
			node.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
		}
		this.client.nodes().resource(node.build()).createOr((existing) -> existing.update());
	}

	public void worker(String name, String internalIp) {
		node(name, internalIp, false, "Debian GNU/Linux 12 (bookworm)", "6.1.0-40-amd64");
	}

	public void removeNode(String name) {
		this.client.nodes().withName(name).delete();
	}

	@Override
	public void close() {
		this.client.close();
		this.server.destroy();
	}

}
