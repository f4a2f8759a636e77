package io.ospatch.cli;

import java.util.function.Supplier;

import io.ospatch.audit.AuditTrail;
import io.ospatch.run.RunStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;

/**
 * The command line's entries in the audit trail: by {@code user@host}, as its runs name who launched
 * them ({@link PatchCommand#launchedBy()}). Recorded once a change is made; a refused one records nothing.
 */
final class CliAudit {

	private static final Logger log = LoggerFactory.getLogger(CliAudit.class);

	private CliAudit() {
	}

	static void record(Beans beans, String action, String cluster, String detail) {
		beans.get(AuditTrail.class).record(PatchCommand.launchedBy(), action, cluster, detail);
	}

	/**
	 * Runs a launch, recording a {@link AuditTrail#LAUNCH} entry for each run it opens or resumes, as
	 * the run starts ({@link RunStarted}, published in the launching thread once the input and the
	 * machine are checked and the cluster leased): a launch refused, or a cluster left alone because
	 * another run holds it, records nothing.
	 * @param command the command line, for the entries' detail
	 */
	static <T> T recordingLaunches(Beans beans, String command, Supplier<T> launch) {
		ApplicationEventMulticaster events = beans.get(ApplicationEventMulticaster.class);
		AuditTrail audit = beans.get(AuditTrail.class);
		String actor = PatchCommand.launchedBy();
		Thread launching = Thread.currentThread();
		ApplicationListener<ApplicationEvent> listener = (event) -> {
			if (Thread.currentThread() == launching && event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof RunStarted started) {
				try {
					audit.record(actor, AuditTrail.LAUNCH, started.clusterName(),
							"run " + started.runId() + (started.resumed() ? " resumed" : "") + " (" + command + ")");
				}
				catch (RuntimeException ex) {
					// the run has started: a trail that cannot be written must not stop it
					log.warn("{}: run {} not recorded in the audit trail: {}", started.clusterName(), started.runId(),
							OspatchCli.rootCause(ex));
				}
			}
		};
		events.addApplicationListener(listener);
		try {
			return launch.get();
		}
		finally {
			events.removeApplicationListener(listener);
		}
	}

}
