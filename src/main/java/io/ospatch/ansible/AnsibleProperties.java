package io.ospatch.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ospatch runs Ansible ({@code ospatch.ansible.*}, or {@code OSPATCH_ANSIBLE_…} in the
 * environment).
 *
 * @param playbooksDir the directory holding {@code os-patch.yml}, {@code os-facts.yml} and the
 * {@code ansible.cfg} used for them; ansible-playbook runs in it (default {@code ./playbooks})
 * @param binary the ansible-playbook executable, a path or a name looked up on the {@code PATH}
 * (default {@code ansible-playbook})
 * @param runTimeout how long one playbook run may take before it is killed; longer than the
 * slowest chunk's upgrade and reboot (default 60m)
 * @param workDir where each run's private inventory and extra vars are written, in a fresh
 * owner-only directory deleted after the run (default the JVM's temporary directory,
 * {@code java.io.tmpdir})
 */
@ConfigurationProperties("ospatch.ansible")
public record AnsibleProperties(@DefaultValue("./playbooks") Path playbooksDir,
		@DefaultValue("ansible-playbook") String binary, @DefaultValue("60m") Duration runTimeout, Path workDir) {

	public AnsibleProperties {
		Objects.requireNonNull(playbooksDir, "ospatch.ansible.playbooks-dir");
		if (binary == null || binary.isBlank()) {
			throw new IllegalArgumentException("ospatch.ansible.binary must not be blank");
		}
		if (runTimeout == null || runTimeout.isNegative() || runTimeout.isZero()) {
			throw new IllegalArgumentException("ospatch.ansible.run-timeout must be positive");
		}
		if (workDir == null) {
			workDir = Path.of(System.getProperty("java.io.tmpdir"));
		}
	}

}
