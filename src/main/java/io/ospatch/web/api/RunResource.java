package io.ospatch.web.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ospatch.notify.WebhookDelivery;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunMails.MailState;
import io.ospatch.run.RunSummary;

/**
 * A run as the API lists it: the fields of {@code ospatch runs --format json}, its nodes (or an EKS
 * run's node groups) counted by status. Times are ISO-8601 in UTC.
 *
 * @param id the run's id
 * @param cluster its cluster
 * @param trigger {@code on-demand}, {@code scheduled} or {@code boot}
 * @param launchedBy who or what launched it
 * @param outcome {@code running}, {@code compliant}, {@code partial}, {@code halted}, …
 * @param detail why it halted, stopped or failed, or {@code null}
 * @param finished whether it is over for good (nothing resumes it)
 * @param started when it started
 * @param ended when it ended, or {@code null} while running
 * @param nodesByStatus its nodes by status, every status named
 * @param nodegroupsByStatus an EKS run's node groups by status ({@code unfinished}: updates still followed)
 */
public record RunResource(long id, String cluster, String trigger, String launchedBy, String outcome, String detail,
		boolean finished, String started, String ended, Map<String, Long> nodesByStatus,
		Map<String, Long> nodegroupsByStatus) {

	static RunResource of(RunSummary run) {
		Map<String, Long> byStatus = new LinkedHashMap<>();
		for (NodeResultStatus status : NodeResultStatus.values()) {
			byStatus.put(status.value(), run.count(status));
		}
		return new RunResource(run.runId(), run.clusterName(), run.trigger().value(), run.launchedBy(),
				run.outcome().value(), run.outcomeDetail(), run.outcome().finished(), text(run.startedAt()),
				text(run.endedAt()), byStatus, run.nodegroupsByStatus());
	}

	static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * What a run did to one node.
	 *
	 * @param name the node
	 * @param role {@code control-plane} or {@code worker}
	 * @param chunk the rolling chunk it was in
	 * @param status {@code patched}, {@code already-current}, {@code skipped}, {@code failed}, …
	 * @param failure {@code failed} or {@code unreachable} for a node not patched, else {@code null}
	 * @param distribution its distribution, if seen
	 * @param versionBefore OS version before the run, if seen
	 * @param versionAfter OS version after the run, if seen
	 * @param kernelBefore kernel before, if seen
	 * @param kernelAfter kernel after, if seen
	 * @param targetVersion the latest patch release of its stream, if known
	 * @param packagesChanged packages upgraded, installed or removed
	 * @param heldPackages packages kept at their version
	 * @param rebooted whether the run rebooted it
	 * @param attempts Ansible runs it took part in
	 * @param error why it failed, or {@code null}
	 * @param started when its first attempt began
	 * @param ended when its last attempt ended
	 */
	public record NodeResultResource(String name, String role, int chunk, String status, String failure,
			String distribution, String versionBefore, String versionAfter, String kernelBefore, String kernelAfter,
			String targetVersion, int packagesChanged, List<String> heldPackages, boolean rebooted, int attempts,
			String error, String started, String ended) {

		static NodeResultResource of(NodeResultDetail detail) {
			NodeResult node = detail.result();
			return new NodeResultResource(node.nodeName(), detail.role(), node.chunkNumber(), node.status().value(),
					node.failure(), node.distribution(), node.versionBefore(), node.versionAfter(), node.kernelBefore(),
					node.kernelAfter(), node.targetVersion(), node.packagesChanged(), node.heldPackages(), node.rebooted(),
					node.attempts(), node.error(), text(node.startedAt()), text(node.endedAt()));
		}

	}

	/**
	 * What an EKS run did to one node group.
	 *
	 * @param name the node group
	 * @param status {@code successful}, {@code current}, {@code failed}, …; {@code null} while its update is followed
	 * @param releaseBefore the AMI release before the update
	 * @param releaseAfter the release after, or {@code null} while unfinished
	 * @param updateId AWS's id of the update
	 * @param error AWS's errors, or why it was not updated
	 * @param started when the update was started
	 * @param ended when it ended
	 */
	public record NodegroupResultResource(String name, String status, String releaseBefore, String releaseAfter,
			String updateId, String error, String started, String ended) {

		static NodegroupResultResource of(NodegroupResult nodegroup) {
			return new NodegroupResultResource(nodegroup.nodegroup(),
					(nodegroup.status() != null) ? nodegroup.status().value() : null, nodegroup.releaseBefore(),
					nodegroup.releaseAfter(), nodegroup.updateId(), nodegroup.error(), text(nodegroup.startedAt()),
					text(nodegroup.endedAt()));
		}

	}

	/**
	 * Something that happened to the run ({@code started}, {@code resumed}, {@code stopped}, {@code ended}, …).
	 *
	 * @param at when
	 * @param event what
	 * @param detail who or why, or {@code null}
	 */
	public record RunEventResource(String at, String event, String detail) {

		static RunEventResource of(RunEvent event) {
			return new RunEventResource(text(event.at()), event.kind().value(), event.detail());
		}

	}

	/**
	 * A state change of one node, as {@code ospatch runs --id N --events --format json} prints it.
	 *
	 * @param time when
	 * @param node the node
	 * @param role its role
	 * @param event {@code cordoned}, {@code drained}, {@code patching}, {@code rebooted}, {@code patched},
	 * {@code ready}, {@code uncordoned}, {@code skipped}, {@code failed}, {@code deferred} or {@code left-out}
	 * @param detail the particulars, or {@code null}
	 */
	public record NodeEventResource(String time, String node, String role, String event, String detail) {

		static NodeEventResource of(NodeEvent event) {
			return new NodeEventResource(text(event.at()), event.nodeName(), event.role(), event.kind().value(),
					event.detail());
		}

	}

	/**
	 * The run's mail to its security contacts.
	 *
	 * @param status {@code pending}, {@code sent} or {@code failed}; {@code null} while none was sent
	 * @param detail who it went to, or why it failed
	 * @param at when it was sent or given up
	 * @param attempts SMTP attempts
	 */
	public record MailResource(String status, String detail, String at, int attempts) {

		static MailResource of(MailState mail) {
			return new MailResource(mail.status(), mail.detail(), text(mail.at()), mail.attempts());
		}

	}

	/**
	 * One webhook call of the run.
	 *
	 * @param event what it told ({@code started}, {@code ended}, {@code halted})
	 * @param target the webhook, redacted to its scheme, host and port
	 * @param status {@code delivered} or {@code failed}
	 * @param attempts calls made
	 * @param httpStatus the receiver's last HTTP status, or {@code null}
	 * @param error why it failed, or {@code null}
	 * @param at when its last attempt ended
	 */
	public record WebhookResource(String event, String target, String status, int attempts, Integer httpStatus,
			String error, String at) {

		static WebhookResource of(WebhookDelivery delivery) {
			return new WebhookResource(delivery.event(), delivery.target(), delivery.status(), delivery.attempts(),
					delivery.httpStatus(), delivery.error(), text(delivery.at()));
		}

	}

}
