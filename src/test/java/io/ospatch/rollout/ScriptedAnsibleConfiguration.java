package io.ospatch.rollout;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * For job tests without Ansible or Kubernetes: the scripted runner takes the real one's place, and
 * an in-memory Kubernetes the API's (only clusters given a kubeconfig use it).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScriptedAnsibleConfiguration {

	@Bean
	@Primary
	ScriptedPlaybookRunner scriptedPlaybookRunner() {
		return new ScriptedPlaybookRunner();
	}

	@Bean
	@Primary
	FakeNodeMaintenance fakeNodeMaintenance() {
		return new FakeNodeMaintenance();
	}

}
