package io.ospatch.rollout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ospatch.ansible.AnsibleProperties;
import io.ospatch.ansible.Playbook;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;

import org.springframework.stereotype.Component;

/**
 * Checks, before a cluster is leased, what would otherwise fail on its first chunk: the Ansible
 * binary and playbooks, every SSH key the cluster's nodes need, and that what is stored about
 * reaching them still passes the input rules.
 */
@Component
class Preflight {

	private final AnsibleProperties ansible;

	Preflight(AnsibleProperties ansible) {
		this.ansible = ansible;
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
		if (binary.contains(File.separator)) {
			return Files.isExecutable(Path.of(binary));
		}
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
				return true;
			}
		}
		return false;
	}

}
