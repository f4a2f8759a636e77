package io.ospatch.cluster;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a cluster comes from, which decides whether and how ospatch may patch its nodes. */
public enum ClusterKind {

	/** Nodes provisioned by us from our images: patched with Ansible. */
	PROVISIONED("provisioned", null, null),

	/** An existing cluster brought under management: its OS belongs to whoever built it. */
	IMPORTED("imported", "imported clusters are managed by their own tooling; ospatch does not patch their nodes", null),

	/**
	 * Amazon EKS: patched by an AWS node-group update request, not by SSH. AWS replaces a node group's nodes
	 * as a whole, so there are no new nodes to patch on their own.
	 */
	EKS("eks", null, "a new node of an EKS managed node group starts on its node group's release, and ospatch "
			+ "updates node groups, not single nodes: a schedule or 'ospatch patch' updates them"),

	/** Azure AKS: the managed service patches its own node images. */
	AKS("aks", "AKS is a managed Kubernetes service; its node images are patched by Azure, not by ospatch", null);

	private final String value;

	private final String refusal;

	private final String bootRefusal;

	ClusterKind(String value, String refusal, String bootRefusal) {
		this.value = value;
		this.refusal = refusal;
		this.bootRefusal = bootRefusal;
	}

	/** The name used on the command line, in fleet files and in the database. */
	public String value() {
		return this.value;
	}

	/** Why clusters of this kind cannot be patched by ospatch, if they cannot. */
	public Optional<String> patchRefusal() {
		return Optional.ofNullable(this.refusal);
	}

	/** Why clusters of this kind cannot patch their new nodes on boot, if they cannot. */
	public Optional<String> bootRefusal() {
		return patchRefusal().or(() -> Optional.ofNullable(this.bootRefusal));
	}

	/** Whether a run updates the cluster's node groups through AWS rather than its nodes through Ansible. */
	public boolean updatesNodegroups() {
		return this == EKS;
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
