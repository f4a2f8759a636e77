package io.ospatch.rollout;

import java.time.Clock;
import java.time.Duration;

import io.ospatch.OspatchProperties;
import io.ospatch.cluster.FleetService;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunRepository;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The patch job: one job instance per cluster run, identified by {@value #RUN_ID}, so that running
 * the same run again after a crash or a stop restarts the same instance. Its one step,
 * {@code clusterPatchStep}, patches the cluster's rolling chunks, one per tasklet call.
 *
 * <p>The step's own transaction is resourceless: a chunk takes minutes of Ansible, and no database
 * connection may be held meanwhile. The tasklet claims and records each chunk in short transactions
 * of its own ({@link ChunkLedger}); the job repository saves the step after each chunk in its own.
 * Clusters run in parallel as separate job executions ({@link PatchLauncher}).
 */
@Configuration(proxyBeanMethods = false)
class PatchJobConfiguration {

	static final String JOB_NAME = "patchJob";

	static final String STEP_NAME = "clusterPatchStep";

	/** Identifying job parameter (long): the cluster's patch run. */
	static final String RUN_ID = "run.id";

	/**
	 * Non-identifying job parameter (an ISO-8601 duration), given only when the launch asked for
	 * one ({@code patch --pause-between-chunks}): the soak between chunks. A restart keeps it.
	 */
	static final String PAUSE_BETWEEN_CHUNKS = "rollout.pause-between-chunks";

	@Bean
	Job patchJob(JobRepository jobRepository, Step clusterPatchStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(clusterPatchStep).build();
	}

	@Bean
	Step clusterPatchStep(JobRepository jobRepository, RollingChunkTasklet rollingChunkTasklet,
			ClusterRunListener clusterRunListener) {
		return new StepBuilder(STEP_NAME, jobRepository).tasklet(rollingChunkTasklet, new ResourcelessTransactionManager())
			.listener(clusterRunListener)
			.build();
	}

	@Bean
	@JobScope
	ClusterRollout clusterRollout(@Value("#{jobParameters['" + RUN_ID + "']}") Long runId, RunRepository runs,
			NodeResultRepository results, FleetService fleet, OspatchProperties properties,
			RolloutProperties rolloutProperties, DeferredNodes deferredNodes) {
		return new ClusterRollout(runId, runs, results, fleet, properties.reportsDir(), rolloutProperties.canary(),
				deferredNodes::byRunBefore);
	}

	@Bean
	@JobScope
	RollingChunkTasklet rollingChunkTasklet(ClusterRollout clusterRollout, ChunkLedger chunkLedger,
			ChunkMaintenance chunkMaintenance, HealthGate healthGate, LeaseHeartbeat leaseHeartbeat,
			RolloutStop rolloutStop, NodeResultRepository results, RunRepository runs,
			RolloutProperties rolloutProperties, Clock clock, ChunkDurations chunkDurations,
			PlatformTransactionManager transactionManager,
			@Value("#{jobParameters['" + PAUSE_BETWEEN_CHUNKS + "']}") String pauseBetweenChunks) {
		Duration pause = (pauseBetweenChunks != null) ? Duration.parse(pauseBetweenChunks)
				: rolloutProperties.pauseBetweenChunks();
		return new RollingChunkTasklet(clusterRollout, chunkLedger, chunkMaintenance, healthGate, leaseHeartbeat,
				rolloutStop, results, runs, pause, Sleeper.THREAD, clock, chunkDurations, transactionManager);
	}

	@Bean
	@JobScope
	ClusterRunListener clusterRunListener(ClusterRollout clusterRollout, RunRepository runs, RunEvents events,
			ChunkLedger chunkLedger, LeaseHeartbeat leaseHeartbeat, Clock clock, ApplicationEventPublisher publisher) {
		return new ClusterRunListener(clusterRollout, runs, events, chunkLedger, leaseHeartbeat, clock, publisher);
	}

}
