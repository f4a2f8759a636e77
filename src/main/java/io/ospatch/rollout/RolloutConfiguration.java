package io.ospatch.rollout;

import java.time.Clock;

import io.ospatch.ansible.AnsibleLeftovers;
import io.ospatch.ansible.AnsibleProperties;
import io.ospatch.ansible.CommonsExecPlaybookRunner;
import io.ospatch.ansible.PlaybookRunner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What rollouts and plans share: the Ansible runner and the chunk patcher with its retry policy. */
@Configuration(proxyBeanMethods = false)
class RolloutConfiguration {

	@Bean
	PlaybookRunner playbookRunner(AnsibleProperties properties) {
		return new CommonsExecPlaybookRunner(properties);
	}

	@Bean
	AnsibleLeftovers ansibleLeftovers(AnsibleProperties properties) {
		return new AnsibleLeftovers(properties);
	}

	@Bean
	ChunkPatcher chunkPatcher(PlaybookRunner playbookRunner, RolloutProperties properties, Clock clock) {
		return new ChunkPatcher(playbookRunner, NodeRetryPolicy.of(properties), Sleeper.THREAD, clock);
	}

}
