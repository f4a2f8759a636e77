package io.ospatch.rollout;

import java.time.Clock;

import io.ospatch.ansible.AnsibleLeftovers;
import io.ospatch.ansible.AnsibleProperties;
import io.ospatch.ansible.CommonsExecPlaybookRunner;
import io.ospatch.ansible.PlaybookRunner;
import io.ospatch.ansible.SshControlMasters;
import io.ospatch.kube.DrainProperties;
import io.ospatch.kube.NodeMaintenance;
import io.ospatch.run.NodeEvents;

import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Configuration;

/**
 * What rollouts and plans share: the Ansible runner, the chunk patcher with its retry policy, and
 * what takes a chunk's nodes out of service and back (drain, health gate, node events).
 */
@Configuration(proxyBeanMethods = false)
class RolloutConfiguration {

	/** Closed with the context: every SSH master of this process ends. */
	@Bean
	SshControlMasters sshControlMasters(AnsibleProperties properties) {
		return new SshControlMasters(properties);
	}

	@Bean
	PlaybookRunner playbookRunner(AnsibleProperties properties, SshControlMasters sshControlMasters) {
		return new CommonsExecPlaybookRunner(properties, sshControlMasters);
	}

	@Bean
	AnsibleLeftovers ansibleLeftovers(AnsibleProperties properties) {
		return new AnsibleLeftovers(properties);
	}

	@Bean
	ChunkPatcher chunkPatcher(PlaybookRunner playbookRunner, RolloutProperties properties, Clock clock) {
		return new ChunkPatcher(playbookRunner, NodeRetryPolicy.of(properties), Sleeper.THREAD, clock);
	}

	/**
	 * Each event in a short transaction of its own: the step's resourceless transaction would
	 * otherwise keep the statement's connection bound to the thread until the chunk ends, Ansible and
	 * Kubernetes waits included.
	 */
	@Bean
	NodeEventLog nodeEventLog(NodeEvents events, PlatformTransactionManager transactionManager) {
		TransactionTemplate transaction = new TransactionTemplate(transactionManager);
		return (runId, node, kind, detail, at) -> transaction
			.executeWithoutResult((status) -> events.record(runId, node.id(), kind, detail, at));
	}

	@Bean
	ChunkMaintenance chunkMaintenance(ChunkPatcher chunkPatcher, NodeMaintenance nodeMaintenance,
			DrainProperties drainProperties, NodeEventLog nodeEventLog, Clock clock) {
		return new ChunkMaintenance(chunkPatcher, nodeMaintenance, drainProperties, nodeEventLog, clock);
	}

	@Bean
	HealthGate healthGate(NodeMaintenance nodeMaintenance) {
		return new HealthGate(nodeMaintenance);
	}

}
