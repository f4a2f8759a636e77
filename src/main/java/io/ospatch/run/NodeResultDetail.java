package io.ospatch.run;

import java.util.List;

import io.ospatch.ansible.PackageChange;

/**
 * A node result with what a report shows beside it: the node's role and the packages it changed.
 *
 * @param role the node's role ({@code control-plane} or {@code worker})
 * @param result what the run did to it
 * @param packages the packages it changed, by name
 */
public record NodeResultDetail(String role, NodeResult result, List<PackageChange> packages) {

	public NodeResultDetail {
		packages = List.copyOf(packages);
	}

}
