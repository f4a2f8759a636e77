package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ospatch.OspatchProperties;
import io.ospatch.ansible.AnsibleProperties;
import io.ospatch.ansible.Executables;
import io.ospatch.ansible.Playbook;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;

import org.springframework.stereotype.Component;

/**
 * Checks, before a cluster is leased, what would otherwise fail on its first chunk: the Ansible
 * binary and playbooks, the reports directory the run logs go to, every SSH key the cluster's nodes
 * need, and that what is stored about reaching them still passes the input rules.
 */
@Component
class Preflight {

	private final AnsibleProperties ansible;

	private final Path reportsDir;

	Preflight(AnsibleProperties ansible, OspatchProperties ospatch) {
		this.ansible = ansible;
		this.reportsDir = ospatch.reportsDir();
	}

	/**
	 * Writes and removes a file where the run logs go: a run that could not write them would find
	 * every node's playbook output missing and skip them all.
	 */
	void checkReportsDir() {
		Path runs = this.reportsDir.resolve("runs");
		try {
			Files.createDirectories(runs);
			Files.delete(Files.createTempFile(runs, ".preflight-", ".tmp"));
		}
		catch (IOException ex) {
			// a file system error's message is only a path: what happened is its kind and reason
			String reason = (ex instanceof FileSystemException fs && fs.getReason() != null)
					? ex.getClass().getSimpleName() + ": " + fs.getReason() : ex.getClass().getSimpleName();
			throw new PreflightException("cannot write run logs to the reports directory "
					+ this.reportsDir.toAbsolutePath().normalize() + " (" + reason + "); make it writable or set OSPATCH_REPORTS_DIR");
		}
	}

	void checkAnsible(Playbook playbook) {
		Path playbookFile = this.ansible.playbooksDir().resolve(playbook.fileName());
		if (!Files.isRegularFile(playbookFile)) {
			throw new PreflightException("playbook " + playbookFile.toAbsolutePath().normalize()
					+ " not found; set OSPATCH_ANSIBLE_PLAYBOOKS_DIR to the playbooks directory");
		}
		if (!isExecutable("python3")) {
			throw new PreflightException("'python3' is not an executable on PATH; ansible-playbook runs under a python3 "
					+ "supervisor that ends it with ospatch (apt-get install python3)");
		}
		if (!isExecutable(this.ansible.binary())) {
			throw new PreflightException("'" + this.ansible.binary() + "' is not an executable on PATH; install Ansible "
					+ "(apt-get install ansible) or set OSPATCH_ANSIBLE_BINARY");
		}
	}

	/**
	 * @throws InvalidInputException naming a key or known-hosts file that is not there, or a stored
	 * setting that breaks the input rules (an inventory variable ospatch does not pass, say)
	 */
	void checkConnection(Cluster cluster, Iterable<Node> nodes) {
		cluster.requireSafeConnection();
		try {
			if (cluster.sshKey() != null) {
				InputRules.keyFile(cluster.sshKey());
			}
			for (Node node : nodes) {
				if (node.sshKey() != null) {
					InputRules.keyFile(node.sshKey());
				}
			}
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("cluster '" + cluster.name() + "': " + ex.getMessage());
		}
	}

	private static boolean isExecutable(String binary) {
		return Executables.find(binary).isPresent();
	}

}
