package io.ospatch.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A cluster's Kubernetes API for tests: fabric8's mock server in CRUD mode (with evictions, see
 * {@link KubeApiDispatcher}), holding the nodes (Ready) and pods a test gives it, and a
 * kubeconfig file that reaches it with a bearer token ({@link #TOKEN}) that must never show up in
 * ospatch's output or logs.
 */
public final class KubeApiStub implements AutoCloseable {

	/** The kubeconfig's credential; a test asserts it is printed and logged nowhere. */
	public static final String TOKEN = "ospatch-test-token-5f1c2e9a";

	private final KubernetesMockServer server;

	private final KubernetesClient client;

	private final Path kubeconfig;

	public KubeApiStub(Path dir) throws IOException {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubeApiDispatcher(), false);
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
		return writeKubeconfig(file, server, TOKEN);
	}

	/** A kubeconfig whose one context reaches {@code server} with the bearer {@code token}. */
	public static Path writeKubeconfig(Path file, String server, String token) throws IOException {
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
				""".formatted(server, token));
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
			.withNewSpec()
			.withUnschedulable(false)
			.endSpec()
			.withNewStatus()
			.addNewAddress()
			.withType("Hostname")
			.withAddress(name)
			.endAddress()
			.addNewAddress()
			.withType("InternalIP")
			.withAddress(internalIp)
			.endAddress()
			.addNewCondition()
			.withType("Ready")
			.withStatus("True")
			.withReason("KubeletReady")
			.endCondition()
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

	/** A running pod on the node, owned by a ReplicaSet (so a drain evicts it) unless {@code daemonSet}. */
	public void pod(String namespace, String name, String node, boolean daemonSet) {
		this.client.pods()
			.inNamespace(namespace)
			.resource(new PodBuilder().withNewMetadata()
				.withNamespace(namespace)
				.withName(name)
				.addNewOwnerReference()
				.withApiVersion("apps/v1")
				.withKind(daemonSet ? "DaemonSet" : "ReplicaSet")
				.withName(name + "-owner")
				.withUid(name + "-owner-uid")
				.withController(true)
				.endOwnerReference()
				.endMetadata()
				.withNewSpec()
				.withNodeName(node)
				.withTerminationGracePeriodSeconds(1L)
				.addNewContainer()
				.withName("app")
				.withImage("registry.invalid/app:1")
				.endContainer()
				.endSpec()
				.withNewStatus()
				.withPhase("Running")
				.endStatus()
				.build())
			.create();
	}

	/** The node as the API holds it now: whether it is cordoned, its annotations. */
	public Node node(String name) {
		return this.client.nodes().withName(name).get();
	}

	/** The pods the API holds on the node. */
	public List<Pod> podsOn(String node) {
		return this.client.pods()
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.filter((pod) -> node.equals(pod.getSpec().getNodeName()))
			.toList();
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
