package io.ospatch.rollout;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** For job tests without Ansible: the scripted runner takes the real one's place. */
@TestConfiguration(proxyBeanMethods = false)
class ScriptedAnsibleConfiguration {

	@Bean
	@Primary
	ScriptedPlaybookRunner scriptedPlaybookRunner() {
		return new ScriptedPlaybookRunner();
	}

}
