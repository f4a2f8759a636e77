package io.ospatch.rollout;

import java.time.Clock;

import io.ospatch.OspatchProperties;
import io.ospatch.cluster.FleetService;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The patch job: {@code clusterPartitionStep} splits a launch into one partition per cluster, run
 * in parallel up to {@code ospatch.rollout.parallel-clusters}; each partition is a
 * {@code clusterPatchStep} whose items are rolling chunks, one committed transaction per chunk.
 */
@Configuration(proxyBeanMethods = false)
class PatchJobConfiguration {

	static final String JOB_NAME = "patchJob";

	/** Identifying job parameter: the launch, shared by the patch runs of its clusters. */
	static final String LAUNCH_ID = "launch.id";

	@Bean
	Job patchJob(JobRepository jobRepository, Step clusterPartitionStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(clusterPartitionStep).build();
	}

	@Bean
	Step clusterPartitionStep(JobRepository jobRepository, ClusterPartitioner clusterPartitioner,
			Step clusterPatchStep, RolloutProperties properties) {
		SimpleAsyncTaskExecutor clusterThreads = new SimpleAsyncTaskExecutor("rollout-");
		clusterThreads.setConcurrencyLimit(properties.parallelClusters());
		return new StepBuilder("clusterPartitionStep", jobRepository)
			.partitioner("clusterPatchStep", clusterPartitioner)
			.step(clusterPatchStep)
			.taskExecutor(clusterThreads)
			.gridSize(properties.parallelClusters())
			.build();
	}

	@Bean
	Step clusterPatchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RollingChunkReader rollingChunkReader, ChunkPatchProcessor chunkPatchProcessor,
			ChunkResultWriter chunkResultWriter, ClusterRunListener clusterRunListener) {
		return new StepBuilder("clusterPatchStep", jobRepository).<RollingChunk, ChunkOutcome>chunk(1)
			.transactionManager(transactionManager)
			.reader(rollingChunkReader)
			.processor(chunkPatchProcessor)
			.writer(chunkResultWriter)
			.listener(clusterRunListener)
			.build();
	}

	@Bean
	@JobScope
	ClusterPartitioner clusterPartitioner(@Value("#{jobParameters['" + LAUNCH_ID + "']}") String launchId,
			PatchRunRepository runs) {
		return new ClusterPartitioner(launchId, runs);
	}

	@Bean
	@StepScope
	ClusterRollout clusterRollout(@Value("#{stepExecutionContext['" + ClusterPartitioner.RUN_ID + "']}") Long runId,
			PatchRunRepository runs, NodeResultRepository results, FleetService fleet, OspatchProperties properties) {
		return new ClusterRollout(runId, runs, results, fleet, properties.reportsDir());
	}

	@Bean
	@StepScope
	RollingChunkReader rollingChunkReader(ClusterRollout clusterRollout) {
		return new RollingChunkReader(clusterRollout);
	}

	@Bean
	@StepScope
	ChunkPatchProcessor chunkPatchProcessor(ClusterRollout clusterRollout, ChunkPatcher chunkPatcher,
			FleetService fleet) {
		return new ChunkPatchProcessor(clusterRollout, chunkPatcher, fleet);
	}

	@Bean
	@StepScope
	ChunkResultWriter chunkResultWriter(ClusterRollout clusterRollout, NodeResultRepository results,
			FleetService fleet, ClusterLeases leases, Clock clock) {
		return new ChunkResultWriter(clusterRollout, results, fleet, leases, clock);
	}

	@Bean
	@StepScope
	ClusterRunListener clusterRunListener(ClusterRollout clusterRollout, PatchRunRepository runs,
			NodeResultRepository results, FleetService fleet, ClusterLeases leases, Clock clock) {
		return new ClusterRunListener(clusterRollout, runs, results, fleet, leases, clock);
	}

}
