package io.ospatch.rollout;

import java.time.Duration;

import io.ospatch.cluster.ClusterKind;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * A cluster run's Spring Batch side: its job instance is identified by the run, so a run is started
 * once and, after a crash, a stop or a failure, restarted the Batch way. Its job is the patch job, or for
 * a cluster whose node groups are updated through AWS (kind eks), the node-group job. The caller holds the
 * cluster's lease, so an execution still marked running belongs to a process that is gone: it is
 * recovered (marked failed) first.
 */
@Component
class ClusterJobs {

	private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job patchJob;

	private final Job nodegroupJob;

	ClusterJobs(JobOperator jobOperator, JobRepository jobRepository, Job patchJob, Job nodegroupJob) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.patchJob = patchJob;
		this.nodegroupJob = nodegroupJob;
	}

	/**
	 * Starts the run's job, or restarts its last execution; returns when the execution ends.
	 * @param pauseBetweenChunks the launch's soak time, or {@code null} for the settings'; a
	 * non-identifying parameter, so a restart keeps the one the run started with
	 */
	JobExecution run(RunRepository.Run run, ClusterKind kind, Duration pauseBetweenChunks) throws Exception {
		Job job = kind.updatesNodegroups() ? this.nodegroupJob : this.patchJob;
		JobExecution last = lastExecution(run, job);
		if (last == null) {
			JobParametersBuilder parameters = new JobParametersBuilder(parameters(run.id()));
			if (pauseBetweenChunks != null) {
				parameters.addString(PatchJobConfiguration.PAUSE_BETWEEN_CHUNKS, pauseBetweenChunks.toString(), false);
			}
			return this.jobOperator.start(job, parameters.toJobParameters());
		}
		if (last.getStatus() == BatchStatus.COMPLETED) {
			return last;
		}
		return this.jobOperator.restart(last);
	}

	/** Makes sure the run's job is never restarted. */
	void abandon(RunRepository.Run run) throws Exception {
		for (Job job : new Job[] { this.patchJob, this.nodegroupJob }) {
			JobExecution last = lastExecution(run, job);
			if (last != null && last.getStatus() != BatchStatus.COMPLETED && last.getStatus() != BatchStatus.ABANDONED) {
				this.jobOperator.abandon(last);
			}
		}
	}

	/** The run's last execution, recovered (marked failed) if a process that is gone left it running. */
	private JobExecution lastExecution(RunRepository.Run run, Job job) {
		JobExecution last = this.jobRepository.getLastJobExecution(job.getName(), parameters(run.id()));
		if (last != null && last.getStatus().isRunning()) {
			log.info("{}: execution {} of run {} was left running by a process that is gone; recovering it",
					run.clusterName(), last.getId(), run.id());
			last = this.jobOperator.recover(last);
		}
		return last;
	}

	private static JobParameters parameters(long runId) {
		return new JobParametersBuilder().addLong(PatchJobConfiguration.RUN_ID, runId).toJobParameters();
	}

}
