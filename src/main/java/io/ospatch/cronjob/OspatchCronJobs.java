package io.ospatch.cronjob;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;

/**
 * ospatch's CronJobs, as {@code k8s-cronjobs/base/} has them (a test holds the two together;
 * the reasons for each setting are in those files): the pod runs as a non-root user on a
 * read-only root filesystem, writes only to its emptyDirs, reads the database settings and SSH
 * keys from Secrets, and stops within its grace period, so a killed run resumes.
 */
final class OspatchCronJobs {

	/** Above {@code ospatch.rollout.stop-grace} (5 min), with a minute to record the stop and release the leases. */
	static final long TERMINATION_GRACE_SECONDS = 360;

	/** A preset's start missed by more than an hour is skipped rather than run late. */
	static final long STARTING_DEADLINE_SECONDS = 3600;

	private static final long USER = 10001;

	private static final int OWNER_READ_ONLY = 0400;

	/** The image as the base names it, before kustomize's {@code images} sets the registry and tag. */
	static final String BASE_IMAGE = "ospatch";

	private static final String SETTINGS = "ospatch-settings";

	private static final String DATABASE_SECRET = "ospatch-database";

	private static final String SSH_SECRET = "ospatch-ssh";

	private OspatchCronJobs() {
	}

	/** The CronJob that runs {@code ospatch scheduled --schedule S} at the schedule's times in its zone. */
	static CronJob scheduled(ZonedSchedule schedule, String image) {
		Map<String, String> labels = labels("scheduled");
		Map<String, String> annotations = new LinkedHashMap<>();
		annotations.put("ospatch.io/schedule", schedule.schedule());
		annotations.put("ospatch.io/timezone", schedule.timezone());
		return new CronJobBuilder().withNewMetadata()
			.withName(schedule.cronJobName())
			.withLabels(labels)
			.withAnnotations(annotations)
			.endMetadata()
			.withNewSpec()
			.withSchedule(schedule.cron())
			.withTimeZone(schedule.timezone())
			.withConcurrencyPolicy("Forbid")
			.withStartingDeadlineSeconds(STARTING_DEADLINE_SECONDS)
			.withSuccessfulJobsHistoryLimit(3)
			.withFailedJobsHistoryLimit(3)
			.withNewJobTemplate()
			.withNewMetadata()
			.withLabels(labels)
			.endMetadata()
			.withNewSpec()
			.withBackoffLimit(0)
			.withNewTemplate()
			.withNewMetadata()
			.withLabels(labels)
			.endMetadata()
			.withSpec(pod(image, List.of("scheduled", "--schedule", schedule.schedule())))
			.endTemplate()
			.endSpec()
			.endJobTemplate()
			.endSpec()
			.build();
	}

	private static Map<String, String> labels(String component) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("app.kubernetes.io/name", "ospatch");
		labels.put("app.kubernetes.io/component", component);
		return labels;
	}

	private static PodSpec pod(String image, List<String> args) {
		return new PodSpecBuilder().withServiceAccountName("ospatch")
			.withRestartPolicy("Never")
			.withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
			.withNewSecurityContext()
			.withRunAsNonRoot(true)
			.withRunAsUser(USER)
			.withRunAsGroup(USER)
			.withFsGroup(USER)
			.withNewSeccompProfile()
			.withType("RuntimeDefault")
			.endSeccompProfile()
			.endSecurityContext()
			.withContainers(container(image, args))
			.withVolumes(emptyDir("tmp"), emptyDir("home"), emptyDir("ospatch-home"), new VolumeBuilder().withName("ssh")
				.withNewSecret()
				.withSecretName(SSH_SECRET)
				.withDefaultMode(OWNER_READ_ONLY)
				.endSecret()
				.build())
			.build();
	}

	private static Container container(String image, List<String> args) {
		return new ContainerBuilder().withName("ospatch")
			.withImage(image)
			.withImagePullPolicy("IfNotPresent")
			.withArgs(args)
			.addNewEnvFrom()
			.withNewConfigMapRef()
			.withName(SETTINGS)
			.endConfigMapRef()
			.endEnvFrom()
			.withEnv(fromDatabaseSecret("SPRING_DATASOURCE_URL", "url"),
					fromDatabaseSecret("SPRING_DATASOURCE_USERNAME", "username"),
					fromDatabaseSecret("SPRING_DATASOURCE_PASSWORD", "password"), env("OSPATCH_HOME", "/var/lib/ospatch"),
					env("OSPATCH_ANSIBLE_PLAYBOOKS_DIR", "/opt/ospatch/playbooks"), env("HOME", "/home/ospatch"))
			.withNewResources()
			.addToRequests("cpu", new Quantity("500m"))
			.addToRequests("memory", new Quantity("1Gi"))
			.addToLimits("memory", new Quantity("2Gi"))
			.endResources()
			.withNewSecurityContext()
			.withReadOnlyRootFilesystem(true)
			.withAllowPrivilegeEscalation(false)
			.withNewCapabilities()
			.withDrop("ALL")
			.endCapabilities()
			.endSecurityContext()
			.addNewVolumeMount()
			.withName("tmp")
			.withMountPath("/tmp")
			.endVolumeMount()
			.addNewVolumeMount()
			.withName("home")
			.withMountPath("/home/ospatch")
			.endVolumeMount()
			.addNewVolumeMount()
			.withName("ospatch-home")
			.withMountPath("/var/lib/ospatch")
			.endVolumeMount()
			.addNewVolumeMount()
			.withName("ssh")
			.withMountPath("/etc/ospatch/ssh")
			.withReadOnly(true)
			.endVolumeMount()
			.build();
	}

	private static EnvVar fromDatabaseSecret(String name, String key) {
		return new EnvVarBuilder().withName(name)
			.withNewValueFrom()
			.withNewSecretKeyRef()
			.withName(DATABASE_SECRET)
			.withKey(key)
			.endSecretKeyRef()
			.endValueFrom()
			.build();
	}

	private static EnvVar env(String name, String value) {
		return new EnvVarBuilder().withName(name).withValue(value).build();
	}

	private static Volume emptyDir(String name) {
		return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
	}

}
