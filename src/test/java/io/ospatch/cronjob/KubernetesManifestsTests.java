package io.ospatch.cronjob;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests under {@code k8s-cronjobs/}, read into fabric8's typed model: every CronJob and the
 * on-demand Job run ospatch as the issue asks (one run at a time, no pod retries, a grace period
 * above ospatch's stop grace, non-root on a read-only root filesystem, Secrets for the database
 * and the SSH keys), and they are the very CronJobs {@code ospatch cronjobs} renders; the server's
 * Deployment runs {@code ospatch serve} with the same image, settings and database, behind a Service,
 * with an account that may only read nodes and create Jobs in its namespace.
 */
class KubernetesManifestsTests {

	static final Path BASE = Path.of("k8s-cronjobs/base");

	static final Path ON_DEMAND_JOB = Path.of("k8s-cronjobs/on-demand/patch-job.yaml");

	static final Path SERVE_DEPLOYMENT = BASE.resolve("deployment-serve.yaml");

	private static final Map<String, String> PRESETS = Map.of("weekly", "0 0 * * 0", "every-two-weeks", "0 0 * * 0",
			"monthly", "0 0 1 * *", "every-two-months", "0 0 1 */2 *");

	@Test
	void theBaseHasACronJobPerPresetRunningScheduledForItAtItsTime() {
		Map<String, CronJob> cronJobs = cronJobs();

		PRESETS.forEach((preset, cron) -> {
			CronJob cronJob = cronJobs.get("ospatch-" + preset + "-utc");
			assertThat(cronJob).as(preset).isNotNull();
			assertThat(cronJob.getSpec().getSchedule()).as(preset).isEqualTo(cron);
			assertThat(container(cronJob.getSpec().getJobTemplate().getSpec()).getArgs()).as(preset)
				.containsExactly("scheduled", "--schedule", preset);
		});
	}

	@Test
	void customSchedulesAndBootAreLookedAtEveryFiveMinutes() {
		Map<String, CronJob> cronJobs = cronJobs();

		CronJob custom = cronJobs.get("ospatch-custom");
		CronJob boot = cronJobs.get("ospatch-boot");

		assertThat(custom.getSpec().getSchedule()).isEqualTo("*/5 * * * *");
		assertThat(container(custom.getSpec().getJobTemplate().getSpec()).getArgs()).containsExactly("scheduled");
		assertThat(boot.getSpec().getSchedule()).isEqualTo("2-59/5 * * * *");
		assertThat(container(boot.getSpec().getJobTemplate().getSpec()).getArgs()).containsExactly("boot");
		assertThat(cronJobs).hasSize(PRESETS.size() + 2);
	}

	@Test
	void everyCronJobRunsOneAtATimeInItsZoneAndLeavesRetriesToOspatch() {
		for (CronJob cronJob : cronJobs().values()) {
			String name = cronJob.getMetadata().getName();
			assertThat(cronJob.getSpec().getConcurrencyPolicy()).as(name).isEqualTo("Forbid");
			assertThat(cronJob.getSpec().getTimeZone()).as(name).isEqualTo("UTC");
			assertThat(name.length()).as(name).isLessThanOrEqualTo(ZonedSchedule.MAX_NAME_LENGTH);
			long period = cronJob.getSpec().getSchedule().contains("/5 ") ? 300 : 7 * 24 * 3600;
			assertThat(cronJob.getSpec().getStartingDeadlineSeconds()).as(name).isPositive().isLessThan(period);
			assertRunsOspatchAsAsked(name, cronJob.getSpec().getJobTemplate().getSpec());
		}
	}

	@Test
	void theOnDemandJobPatchesTheClusterNamedWithTheSamePod() {
		Job job = KubernetesYaml.parse(ON_DEMAND_JOB, Job.class);

		assertRunsOspatchAsAsked("on-demand job", job.getSpec());
		assertThat(job.getMetadata().getGenerateName()).isEqualTo("ospatch-patch-");
		assertThat(container(job.getSpec()).getArgs()).containsExactly("patch", "--cluster", "CLUSTER-NAME");
		assertThat(samePodButArgs(job.getSpec().getTemplate().getSpec(), renderedPod())).isTrue();
	}

	@Test
	void theRenderedCronJobOfAPresetInUtcIsTheBaseOne() {
		Map<String, CronJob> cronJobs = cronJobs();

		PRESETS.keySet().forEach((preset) -> {
			CronJob rendered = OspatchCronJobs.scheduled(new ZonedSchedule(preset, "UTC"), OspatchCronJobs.BASE_IMAGE);
			assertThat(KubernetesYaml.tree(rendered)).as(preset)
				.isEqualTo(KubernetesYaml.tree(cronJobs.get(rendered.getMetadata().getName())));
		});
		for (String name : List.of("ospatch-custom", "ospatch-boot")) {
			assertThat(samePodButArgs(cronJobs.get(name).getSpec().getJobTemplate().getSpec().getTemplate().getSpec(),
					renderedPod())).as(name).isTrue();
		}
	}

	@Test
	void theServiceAccountMayDoWhatTheNodeSyncAndDrainingNeedAndNothingMore() {
		List<HasMetadata> rbac = KubernetesYaml.parseAll(BASE.resolve("rbac.yaml"));
		ClusterRole role = (ClusterRole) rbac.get(0);
		ClusterRoleBinding binding = (ClusterRoleBinding) rbac.get(1);

		assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
		assertThat(binding.getSubjects()).singleElement()
			.satisfies((subject) -> assertThat(subject.getKind() + "/" + subject.getName()).isEqualTo("ServiceAccount/ospatch"));
		assertThat(role.getRules()).flatMap(PolicyRule::getResources)
			.containsExactlyInAnyOrder("nodes", "pods", "pods/eviction", "poddisruptionbudgets");
		assertThat(verbs(role, "nodes")).containsExactlyInAnyOrder("get", "list", "patch");
		assertThat(verbs(role, "pods")).containsExactlyInAnyOrder("get", "list");
		assertThat(verbs(role, "pods/eviction")).containsExactly("create");
		assertThat(verbs(role, "poddisruptionbudgets")).containsExactlyInAnyOrder("get", "list");
		assertThat(role.getRules()).filteredOn((rule) -> rule.getResources().contains("poddisruptionbudgets"))
			.singleElement()
			.satisfies((rule) -> assertThat(rule.getApiGroups()).containsExactly("policy"));
		assertThat(role.getRules()).filteredOn((rule) -> !rule.getResources().contains("poddisruptionbudgets"))
			.allSatisfy((rule) -> assertThat(rule.getApiGroups()).containsExactly(""));
	}

	@Test
	void theServerRunsServeOnceWithTheCronJobsImageSettingsAndDatabaseNonRootWithProbes() {
		Deployment deployment = KubernetesYaml.parse(SERVE_DEPLOYMENT, Deployment.class);
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		Container cronJobs = renderedPod().getContainers().get(0);

		assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
		assertThat(container.getArgs()).containsExactly("serve", "--port", "8080");
		assertThat(container.getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getContainerPort()).isEqualTo(8080);
		});
		assertThat(container.getImage()).isEqualTo(cronJobs.getImage());
		assertThat(container.getEnvFrom()).isEqualTo(cronJobs.getEnvFrom());
		assertThat(container.getEnv()).filteredOn((variable) -> variable.getName().startsWith("SPRING_DATASOURCE_"))
			.isEqualTo(cronJobs.getEnv().stream().filter((variable) -> variable.getName().startsWith("SPRING_DATASOURCE_")).toList());
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
		assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
		assertThat(pod.getServiceAccountName()).isEqualTo("ospatch-serve");
		assertThat(pod.getSecurityContext()).isEqualTo(renderedPod().getSecurityContext());
		assertThat(container.getSecurityContext()).isEqualTo(cronJobs.getSecurityContext());
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThan(defaultStopGrace());
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")))
			.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory")));

		Map<String, EnvVar> env = new HashMap<>();
		container.getEnv().forEach((variable) -> env.put(variable.getName(), variable));
		Map<String, Volume> volumes = new HashMap<>();
		pod.getVolumes().forEach((volume) -> volumes.put(volume.getName(), volume));
		Map<String, VolumeMount> mounts = new HashMap<>();
		container.getVolumeMounts().forEach((mount) -> mounts.put(mount.getMountPath(), mount));
		for (String writable : List.of("/tmp", env.get("HOME").getValue(), env.get("OSPATCH_HOME").getValue())) {
			assertThat(volumes.get(mounts.get(writable).getName()).getEmptyDir()).as(writable).isNotNull();
		}
		Path usersFile = Path.of(env.get("OSPATCH_WEB_USERS_FILE").getValue());
		VolumeMount users = mounts.get(usersFile.getParent().toString());
		assertThat(users.getReadOnly()).isTrue();
		assertThat(volumes.get(users.getName()).getSecret().getSecretName()).isEqualTo("ospatch-web");
		assertThat(volumes.get(users.getName()).getSecret().getItems()).singleElement()
			.satisfies((item) -> assertThat(item.getPath()).isEqualTo(usersFile.getFileName().toString()));
		for (String secret : List.of("OSPATCH_ADMIN_PASSWORD", "OSPATCH_WEB_OIDC_CLIENT_SECRET")) {
			assertThat(env.get(secret).getValue()).as(secret).isNull();
			assertThat(env.get(secret).getValueFrom().getSecretKeyRef().getName()).as(secret).isEqualTo("ospatch-web");
			assertThat(env.get(secret).getValueFrom().getSecretKeyRef().getOptional()).as(secret).isTrue();
		}
	}

	@Test
	void theServiceReachesTheServerOnPort8080InsideTheCluster() {
		Service service = KubernetesYaml.parse(BASE.resolve("serve-service.yaml"), Service.class);
		Deployment deployment = KubernetesYaml.parse(SERVE_DEPLOYMENT, Deployment.class);

		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(service.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(8080);
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
		});
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
	}

	@Test
	void theServersAccountMayReadNodesAndCreateJobsInItsNamespaceAndNothingMore() {
		List<HasMetadata> rbac = KubernetesYaml.parseAll(BASE.resolve("serve-rbac.yaml"));
		ServiceAccount account = KubernetesYaml.parse(BASE.resolve("serve-serviceaccount.yaml"), ServiceAccount.class);
		ClusterRole clusterRole = (ClusterRole) rbac.get(0);
		ClusterRoleBinding clusterBinding = (ClusterRoleBinding) rbac.get(1);
		Role role = (Role) rbac.get(2);
		RoleBinding binding = (RoleBinding) rbac.get(3);

		assertThat(rbac).hasSize(4);
		assertThat(account.getMetadata().getName()).isEqualTo(
				KubernetesYaml.parse(SERVE_DEPLOYMENT, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
		assertThat(clusterRole.getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("");
			assertThat(rule.getResources()).containsExactly("nodes");
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list");
		});
		assertThat(role.getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getApiGroups()).containsExactly("batch");
			assertThat(rule.getResources()).containsExactly("jobs");
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get");
		});
		assertThat(clusterBinding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
		assertThat(clusterBinding.getRoleRef().getKind()).isEqualTo("ClusterRole");
		assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
		assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
		for (List<Subject> subjects : List.of(clusterBinding.getSubjects(),
				binding.getSubjects())) {
			assertThat(subjects).singleElement()
				.satisfies((subject) -> assertThat(subject.getKind() + "/" + subject.getName())
					.isEqualTo("ServiceAccount/" + account.getMetadata().getName()));
		}
	}

	@Test
	void everyOspatchSettingIsListedCommentedWithItsDefaultAndReachesOspatch() throws IOException {
		Properties defaults = applicationProperties();
		String settings = Files.readString(BASE.resolve("settings.yaml"));
		Matcher listed = Pattern.compile("(?m)^  # ([A-Z_]+): \"([^\"]*)\"$").matcher(settings);
		Map<String, String> byEnvironmentVariable = new HashMap<>();
		while (listed.find()) {
			byEnvironmentVariable.put(listed.group(1), listed.group(2));
		}
		List<String> settingsOfTheDeployment = List.of("ospatch.home", "ospatch.ansible.playbooks-dir");
		List<String> expected = new ArrayList<>(defaults.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("ospatch.") && !settingsOfTheDeployment.contains(name))
			.toList());
		expected.addAll(List.of("spring.datasource.hikari.connection-timeout", "logging.level.io.ospatch"));

		for (String property : expected) {
			List<String> variables = byEnvironmentVariable.keySet()
				.stream()
				.filter((variable) -> boundFromEnvironment(variable, property))
				.toList();
			assertThat(variables).as("the variable that sets " + property).hasSize(1);
			assertThat(byEnvironmentVariable.get(variables.get(0))).as(property)
				.isEqualTo(defaults.getProperty(property).replace("${ospatch.home}", "${OSPATCH_HOME}"));
		}
		assertThat(settings).doesNotContainPattern("(?m)^  [A-Z]").as("every setting at its default, commented");
	}

	@Test
	void noManifestHoldsASecret() throws IOException {
		try (Stream<Path> files = Stream.concat(Files.list(BASE), Stream.of(ON_DEMAND_JOB))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml"))
				.filter((path) -> !path.endsWith("kustomization.yaml"))
				.toList()) {
				assertThat(KubernetesYaml.parseAll(file)).as(file.toString())
					.noneMatch((resource) -> resource.getKind().equals("Secret"));
			}
		}
		List<EnvVar> env = renderedPod().getContainers().get(0).getEnv();
		assertThat(env).filteredOn((variable) -> variable.getName().startsWith("SPRING_DATASOURCE_"))
			.hasSize(3)
			.allSatisfy((variable) -> {
				assertThat(variable.getValue()).isNull();
				assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ospatch-database");
			});
	}

	private static void assertRunsOspatchAsAsked(String name, JobSpec job) {
		PodSpec pod = job.getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		assertThat(job.getBackoffLimit()).as(name).isZero();
		assertThat(pod.getRestartPolicy()).as(name).isEqualTo("Never");
		assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).as(name).isGreaterThan(defaultStopGrace());
		assertThat(pod.getServiceAccountName()).as(name).isEqualTo("ospatch");

		assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");

		assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
		assertThat(Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"))).as(name)
			.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(container.getResources().getRequests().get("memory")));

		Map<String, String> env = new HashMap<>();
		container.getEnv()
			.stream()
			.filter((variable) -> variable.getValue() != null)
			.forEach((variable) -> env.put(variable.getName(), variable.getValue()));
		Map<String, Volume> volumes = new HashMap<>();
		pod.getVolumes().forEach((volume) -> volumes.put(volume.getName(), volume));
		Map<String, VolumeMount> mounts = new HashMap<>();
		container.getVolumeMounts().forEach((mount) -> mounts.put(mount.getMountPath(), mount));
		// where ospatch, the JVM and Ansible write: each an emptyDir, the root filesystem being read-only
		for (String writable : List.of("/tmp", env.get("HOME"), env.get("OSPATCH_HOME"))) {
			assertThat(mounts).as(name + ": " + writable).containsKey(writable);
			assertThat(volumes.get(mounts.get(writable).getName()).getEmptyDir()).as(name + ": " + writable).isNotNull();
		}
		assertThat(env.get("OSPATCH_ANSIBLE_PLAYBOOKS_DIR")).isEqualTo("/opt/ospatch/playbooks");

		VolumeMount ssh = mounts.get("/etc/ospatch/ssh");
		assertThat(ssh.getReadOnly()).as(name).isTrue();
		assertThat(volumes.get(ssh.getName()).getSecret().getSecretName()).isEqualTo("ospatch-ssh");
		assertThat(volumes.get(ssh.getName()).getSecret().getDefaultMode()).as(name).isEqualTo(0400);

		assertThat(container.getEnvFrom()).singleElement()
			.satisfies((from) -> assertThat(from.getConfigMapRef().getName()).isEqualTo("ospatch-settings"));
	}

	/** The pods compared whole, but for the command each runs. */
	private static boolean samePodButArgs(PodSpec pod, PodSpec other) {
		PodSpec one = KubernetesYaml.SERIALIZATION.clone(pod);
		PodSpec two = KubernetesYaml.SERIALIZATION.clone(other);
		one.getContainers().get(0).setArgs(List.of());
		two.getContainers().get(0).setArgs(List.of());
		return KubernetesYaml.tree(one).equals(KubernetesYaml.tree(two));
	}

	private static PodSpec renderedPod() {
		return OspatchCronJobs.scheduled(new ZonedSchedule("weekly", "UTC"), OspatchCronJobs.BASE_IMAGE)
			.getSpec()
			.getJobTemplate()
			.getSpec()
			.getTemplate()
			.getSpec();
	}

	static Map<String, CronJob> cronJobs() {
		Map<String, CronJob> cronJobs = new TreeMap<>();
		try (Stream<Path> files = Files.list(BASE)) {
			files.filter((file) -> file.getFileName().toString().startsWith("cronjob-")).forEach((file) -> {
				CronJob cronJob = KubernetesYaml.parse(file, CronJob.class);
				cronJobs.put(cronJob.getMetadata().getName(), cronJob);
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return cronJobs;
	}

	private static Container container(JobSpec job) {
		return job.getTemplate().getSpec().getContainers().get(0);
	}

	private static List<String> verbs(ClusterRole role, String resource) {
		return role.getRules()
			.stream()
			.filter((rule) -> rule.getResources().contains(resource))
			.map(PolicyRule::getVerbs)
			.flatMap(List::stream)
			.toList();
	}

	private static Duration defaultStopGrace() {
		return DurationStyle.detectAndParse(applicationProperties().getProperty("ospatch.rollout.stop-grace"));
	}

	private static Properties applicationProperties() {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	/** Whether Spring binds the environment variable to the property, as it will in the pod. */
	private static boolean boundFromEnvironment(String variable, String property) {
		PropertySource<?> environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set-from-the-pod"));
		return new Binder(ConfigurationPropertySources.from(environment)).bind(property, String.class)
			.map("set-from-the-pod"::equals)
			.orElse(false);
	}

}
