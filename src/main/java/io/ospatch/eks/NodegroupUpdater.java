package io.ospatch.eks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;

import org.springframework.stereotype.Component;

/**
 * Updates one managed node group to the latest AMI release of its Kubernetes version and follows the
 * update to its end, as the EKS console's "Update now" does: {@code UpdateNodegroupVersion}, then
 * {@code DescribeUpdate} every {@code ospatch.eks.poll-interval} until AWS says {@code Successful},
 * {@code Failed} or {@code Cancelled}, or {@code ospatch.eks.update-timeout} runs out.
 * <p>
 * Crash safety lies with the caller's record of the update id: {@link UpdateStarted} hears it before
 * anything is followed, and a resumed run passes it back ({@link Request#knownUpdateId()}) to follow the
 * same update instead of starting another. Should a run die between AWS's answer and that record, the
 * client request token, derived from the run and the node group, makes the repeated request the same one
 * to AWS. Thread-safe: node groups may be updated in parallel ({@code ospatch.eks.parallel-nodegroups}).
 */
@Component
public class NodegroupUpdater {

	private static final Logger logger = LoggerFactory.getLogger(NodegroupUpdater.class);

	/** Progress lines in the log at most this often; each status change is logged anyway. */
	private static final Duration PROGRESS_EVERY = Duration.ofMinutes(5);

	private final EksNodegroups aws;

	private final NodegroupPlanner planner;

	private final EksProperties properties;

	private final Clock clock;

	public NodegroupUpdater(EksNodegroups aws, NodegroupPlanner planner, EksProperties properties, Clock clock) {
		this.aws = aws;
		this.planner = planner;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Updates the node group, or resumes following its update, and says how it ended. AWS's refusals
	 * (an update already running, an invalid release, access denied) end as {@link NodegroupUpdateResult.Status#FAILED}
	 * with AWS's code and message; an interrupt stops following ({@link NodegroupUpdateResult.Status#STOPPED}, the
	 * interrupt flag set again).
	 * @param started told the update's id as soon as AWS gives it, before it is followed; what it throws ends
	 * the update's following (the update goes on at AWS, and a repeated request with the same run is the same one)
	 */
	public NodegroupUpdateResult update(Request request, UpdateStarted started) {
		Instant start = this.clock.instant();
		if (request.knownUpdateId() != null) {
			logger.info("eks {}: nodegroup {}: following update {} started before", request.api().eksClusterName(),
					request.nodegroup(), request.knownUpdateId());
			return follow(request, null, null, request.knownUpdateId(), start);
		}
		NodegroupPlan plan;
		String updateId;
		try {
			plan = this.planner.plan(request.api(), this.aws.nodegroup(request.api(), request.nodegroup()));
			if (plan.action() != NodegroupPlan.Action.UPDATE) {
				logger.info("eks {}: nodegroup {}: {} on {}{}", request.api().eksClusterName(), request.nodegroup(),
						(plan.action() == NodegroupPlan.Action.CURRENT) ? "current" : "left alone",
						plan.currentRelease(), (plan.reason() != null) ? ": " + plan.reason() : "");
				return new NodegroupUpdateResult(request.nodegroup(), plan.currentRelease(), plan.currentRelease(), null,
						(plan.action() == NodegroupPlan.Action.CURRENT) ? NodegroupUpdateResult.Status.CURRENT
								: NodegroupUpdateResult.Status.NOT_UPDATABLE,
						Duration.between(start, this.clock.instant()), plan.reason());
			}
			updateId = this.aws.startUpdate(request.api(), request.nodegroup(), plan.latestRelease(), request.force(),
					clientRequestToken(request, plan.latestRelease()));
		}
		catch (EksApiException ex) {
			if (interrupted(ex)) {
				// Whether AWS started it is unknown; the same run asking again gets the same update (the token).
				return stopped(request, null, null, start);
			}
			logger.warn("eks {}: nodegroup {}: cannot update: {}", request.api().eksClusterName(), request.nodegroup(),
					ex.getMessage());
			return new NodegroupUpdateResult(request.nodegroup(), null, null, null, NodegroupUpdateResult.Status.FAILED,
					Duration.between(start, this.clock.instant()), ex.getMessage());
		}
		logger.info("eks {}: nodegroup {}: update {} from {} to {}{}", request.api().eksClusterName(),
				request.nodegroup(), updateId, plan.currentRelease(), plan.latestRelease(),
				request.force() ? " (force: past PodDisruptionBudgets)" : "");
		started.updateStarted(request.nodegroup(), plan.currentRelease(), updateId);
		return follow(request, plan.currentRelease(), plan.latestRelease(), updateId, start);
	}

	private NodegroupUpdateResult follow(Request request, String releaseBefore, String target, String updateId,
			Instant start) {
		String cluster = request.api().eksClusterName();
		Instant deadline = start.plus(this.properties.updateTimeout());
		EksUpdate.Status lastStatus = null;
		Instant lastLogged = start;
		String lastError = null;
		while (true) {
			try {
				EksUpdate update = this.aws.update(request.api(), request.nodegroup(), updateId);
				lastError = null;
				Duration elapsed = Duration.between(start, this.clock.instant());
				if (update.status().terminal()) {
					String releaseAfter = (update.status() == EksUpdate.Status.SUCCESSFUL)
							? firstNonNull(update.releaseVersion(), target) : releaseBefore;
					String errors = update.errors().isEmpty() ? null : update.errorsJoined();
					logger.info("eks {}: nodegroup {}: update {} {} after {}{}", cluster, request.nodegroup(),
							shortId(updateId), update.status(), minutes(elapsed), (errors != null) ? ": " + errors : "");
					return new NodegroupUpdateResult(request.nodegroup(), releaseBefore, releaseAfter, updateId,
							status(update.status()), elapsed, errors);
				}
				Instant now = this.clock.instant();
				if (update.status() != lastStatus || !now.isBefore(lastLogged.plus(PROGRESS_EVERY))) {
					logger.info("eks {}: nodegroup {}: update {} {}, {}", cluster, request.nodegroup(), shortId(updateId),
							update.status(), minutes(elapsed));
					lastLogged = now;
				}
				else {
					logger.debug("eks {}: nodegroup {}: update {} {}, {}", cluster, request.nodegroup(),
							shortId(updateId), update.status(), minutes(elapsed));
				}
				lastStatus = update.status();
			}
			catch (EksApiException ex) {
				if (interrupted(ex)) {
					return stopped(request, releaseBefore, updateId, start);
				}
				// The SDK has retried already; AWS keeps the update going whatever we hear, so keep asking until the deadline.
				lastError = ex.getMessage();
				logger.warn("eks {}: nodegroup {}: cannot read update {}: {}", cluster, request.nodegroup(),
						shortId(updateId), lastError);
			}
			Instant now = this.clock.instant();
			if (!now.isBefore(deadline)) {
				String why = "still in progress after " + this.properties.updateTimeout().toString().substring(2).toLowerCase()
						+ " (ospatch.eks.update-timeout); it goes on at AWS as update " + updateId
						+ ((lastError != null) ? "; last DescribeUpdate: " + lastError : "");
				logger.warn("eks {}: nodegroup {}: update {} {}", cluster, request.nodegroup(), shortId(updateId), why);
				return new NodegroupUpdateResult(request.nodegroup(), releaseBefore, releaseBefore, updateId,
						NodegroupUpdateResult.Status.TIMED_OUT, Duration.between(start, now), why);
			}
			try {
				Thread.sleep(min(this.properties.pollInterval(), Duration.between(now, deadline)).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return stopped(request, releaseBefore, updateId, start);
			}
		}
	}

	private NodegroupUpdateResult stopped(Request request, String releaseBefore, String updateId, Instant start) {
		String why = (updateId != null) ? "stopped following; update " + updateId + " goes on at AWS"
				: "stopped while starting the update";
		logger.info("eks {}: nodegroup {}: {}", request.api().eksClusterName(), request.nodegroup(), why);
		return new NodegroupUpdateResult(request.nodegroup(), releaseBefore, releaseBefore, updateId,
				NodegroupUpdateResult.Status.STOPPED, Duration.between(start, this.clock.instant()), why);
	}

	/**
	 * Whether a call failed because the thread was interrupted while the SDK waited for AWS: the SDK may
	 * report it as an aborted call or an unreadable answer, and not every path keeps the interrupt flag.
	 */
	private static boolean interrupted(EksApiException ex) {
		boolean interrupted = Thread.currentThread().isInterrupted();
		for (Throwable cause = ex; cause != null && !interrupted; cause = cause.getCause()) {
			interrupted = cause instanceof InterruptedException || cause instanceof AbortedException
					|| cause instanceof java.io.InterruptedIOException;
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return interrupted;
	}

	/**
	 * The same for the same run, node group and release, so that a start repeated after a crash, or by the
	 * SDK's retries, is one update to AWS; a name-based UUID keeps it within AWS's limits whatever the names.
	 */
	static String clientRequestToken(Request request, String release) {
		String key = String.join("\n", "ospatch", request.run(), request.api().region(),
				request.api().eksClusterName(), request.nodegroup(), release);
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static NodegroupUpdateResult.Status status(EksUpdate.Status status) {
		return switch (status) {
			case SUCCESSFUL -> NodegroupUpdateResult.Status.SUCCESSFUL;
			case FAILED -> NodegroupUpdateResult.Status.FAILED;
			case CANCELLED -> NodegroupUpdateResult.Status.CANCELLED;
			case IN_PROGRESS -> throw new IllegalStateException("update still in progress");
		};
	}

	private static String shortId(String updateId) {
		return (updateId.length() > 8) ? updateId.substring(0, 8) + "…" : updateId;
	}

	private static String minutes(Duration duration) {
		return duration.toMinutes() + " min";
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static String firstNonNull(String a, String b) {
		return (a != null) ? a : b;
	}

	/**
	 * One node group's update.
	 *
	 * @param api the EKS cluster
	 * @param nodegroup the managed node group
	 * @param run what identifies the run across resumes ({@code run-42}): with the node group and the release, it
	 * makes the client request token
	 * @param force whether AWS may replace nodes whose pods a PodDisruptionBudget keeps (the cluster's setting)
	 * @param knownUpdateId the update a previous attempt of this run started, to follow instead of starting one;
	 * {@code null} for none
	 */
	public record Request(EksApi api, String nodegroup, String run, boolean force, String knownUpdateId) {
	}

	/** Hears an update's id as soon as AWS gives it: what the caller records makes a resume possible. */
	@FunctionalInterface
	public interface UpdateStarted {

		void updateStarted(String nodegroup, String releaseBefore, String updateId);

	}

}
