package io.ospatch.rollout;

import java.time.Clock;

import io.ospatch.OspatchProperties;
import io.ospatch.cluster.FleetService;
import io.ospatch.eks.EksProperties;
import io.ospatch.eks.NodegroupPlanner;
import io.ospatch.eks.NodegroupUpdater;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.NodegroupResultRepository;
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

/**
 * The node-group job of EKS clusters: one job instance per cluster run, identified by
 * {@value PatchJobConfiguration#RUN_ID} like the patch job's, so that a run is resumed the Batch way. Its
 * one step, {@code nodegroupUpdateStep}, updates the cluster's node groups through AWS, a few per tasklet
 * call. As in the patch job, the step's own transaction is resourceless: an update is followed for up to an
 * hour, and the tasklet records in short transactions of its own ({@link NodegroupLedger}).
 */
@Configuration(proxyBeanMethods = false)
class NodegroupJobConfiguration {

	static final String JOB_NAME = "nodegroupJob";

	static final String STEP_NAME = "nodegroupUpdateStep";

	@Bean
	Job nodegroupJob(JobRepository jobRepository, Step nodegroupUpdateStep) {
		return new JobBuilder(JOB_NAME, jobRepository).start(nodegroupUpdateStep).build();
	}

	@Bean
	Step nodegroupUpdateStep(JobRepository jobRepository, NodegroupUpdateTasklet nodegroupUpdateTasklet,
			ClusterRunListener nodegroupRunListener) {
		return new StepBuilder(STEP_NAME, jobRepository)
			.tasklet(nodegroupUpdateTasklet, new ResourcelessTransactionManager())
			.listener(nodegroupRunListener)
			.build();
	}

	@Bean
	@JobScope
	NodegroupRollout nodegroupRollout(@Value("#{jobParameters['" + PatchJobConfiguration.RUN_ID + "']}") Long runId,
			RunRepository runs, NodegroupResultRepository results, FleetService fleet, OspatchProperties properties) {
		return new NodegroupRollout(runId, runs, results, fleet, properties.reportsDir());
	}

	@Bean
	@JobScope
	NodegroupUpdateTasklet nodegroupUpdateTasklet(NodegroupRollout nodegroupRollout, NodegroupLedger ledger,
			NodegroupPlanner planner, NodegroupUpdater updater, LeaseHeartbeat leaseHeartbeat, RolloutStop rolloutStop,
			EksProperties eksProperties, Clock clock) {
		return new NodegroupUpdateTasklet(nodegroupRollout, ledger, planner, updater, leaseHeartbeat, rolloutStop,
				eksProperties.parallelNodegroups(), clock);
	}

	@Bean
	@JobScope
	ClusterRunListener nodegroupRunListener(NodegroupRollout nodegroupRollout, RunRepository runs, RunEvents events,
			ChunkLedger chunkLedger, LeaseHeartbeat leaseHeartbeat, Clock clock, ApplicationEventPublisher publisher) {
		return new ClusterRunListener(nodegroupRollout, runs, events, chunkLedger, leaseHeartbeat, clock, publisher);
	}

}
