package io.ospatch.cluster;

import java.util.List;

/**
 * What an import did.
 *
 * @param created clusters added
 * @param updated clusters whose settings changed
 * @param unchanged clusters already as the file says
 * @param nodesAdded nodes added
 * @param nodesUpdated nodes whose address, port, role or key changed
 * @param nodesNotInFile registered nodes ({@code cluster/node}) the file does not name; they are kept
 */
public record ImportSummary(List<String> created, List<String> updated, List<String> unchanged, int nodesAdded,
		int nodesUpdated, List<String> nodesNotInFile) {
}
