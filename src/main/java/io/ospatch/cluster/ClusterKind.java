package io.ospatch.cluster;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a cluster comes from, which decides whether and how ospatch may patch its nodes. */
public enum ClusterKind {

	/** Nodes provisioned by us from our images: patched with Ansible. */
	PROVISIONED("provisioned", null),

	/** An existing cluster brought under management: its OS belongs to whoever built it. */
	IMPORTED("imported", "imported clusters are managed by their own tooling; ospatch does not patch their nodes"),

	/** Amazon EKS: patched by an AWS node-group update request, not by SSH. */
	EKS("eks", "EKS clusters are patched by an AWS node-group update, which patch runs of this version of ospatch do not "
			+ "yet send ('ospatch plan' shows what it would do)"),

	/** Azure AKS: the managed service patches its own node images. */
	AKS("aks", "AKS is a managed Kubernetes service; its node images are patched by Azure, not by ospatch");

	private final String value;

	private final String refusal;

	ClusterKind(String value, String refusal) {
		this.value = value;
		this.refusal = refusal;
	}

	/** The name used on the command line, in fleet files and in the database. */
	public String value() {
		return this.value;
	}

	/** Why nodes of this kind cannot be patched by an Ansible rollout, if they cannot. */
	public Optional<String> patchRefusal() {
		return Optional.ofNullable(this.refusal);
	}

	public static ClusterKind of(String value) {
		return Arrays.stream(values())
			.filter((kind) -> kind.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("unknown cluster kind '" + InputRules.printable(value) + "': expected one of "
					+ Arrays.stream(values()).map(ClusterKind::value).collect(Collectors.joining(", "))));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
