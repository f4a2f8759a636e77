package io.ospatch.cronjob;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One CronJob per (schedule, timezone) in use, named so that Kubernetes takes it and it stays the same. */
class CronJobRendererTests {

	private static final String IMAGE = "registry.example.com:5000/ospatch:0.1.0-SNAPSHOT";

	private static final String DNS_1123 = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

	@Test
	void clustersSharingAScheduleAndZoneShareACronJobFiringAtTheirLocalTime() {
		List<Cluster> fleet = List.of(cluster("a", "weekly", "Europe/Paris"), cluster("b", "weekly", "Europe/Paris"),
				cluster("c", "weekly", "America/New_York"), cluster("d", "every-two-weeks", "Europe/Paris"),
				cluster("e", "30 2 * * 1-5", "Asia/Tokyo"), cluster("f", null, "UTC"));

		CronJobRenderer.Rendering rendering = CronJobRenderer.render(fleet, IMAGE);

		assertThat(rendering.cronJobs()).extracting((cronJob) -> cronJob.getMetadata().getName())
			.containsExactly(new ZonedSchedule("30 2 * * 1-5", "Asia/Tokyo").cronJobName(),
					"ospatch-every-two-weeks-europe-paris", "ospatch-weekly-america-new-york",
					"ospatch-weekly-europe-paris");
		Map<String, CronJob> byName = new HashMap<>();
		rendering.cronJobs().forEach((cronJob) -> byName.put(cronJob.getMetadata().getName(), cronJob));
		CronJob paris = byName.get("ospatch-weekly-europe-paris");
		assertThat(paris.getSpec().getSchedule()).isEqualTo("0 0 * * 0");
		assertThat(paris.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
		assertThat(args(paris)).containsExactly("scheduled", "--schedule", "weekly");
		assertThat(paris.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
			.isEqualTo(IMAGE);
		CronJob twoWeeks = byName.get("ospatch-every-two-weeks-europe-paris");
		assertThat(twoWeeks.getSpec().getSchedule()).isEqualTo("0 0 * * 0");
		assertThat(args(twoWeeks)).containsExactly("scheduled", "--schedule", "every-two-weeks");
		CronJob custom = rendering.cronJobs().get(0);
		assertThat(custom.getSpec().getSchedule()).isEqualTo("30 2 * * 1-5");
		assertThat(custom.getSpec().getTimeZone()).isEqualTo("Asia/Tokyo");
		assertThat(args(custom)).containsExactly("scheduled", "--schedule", "30 2 * * 1-5");
		assertThat(custom.getMetadata().getName()).matches("ospatch-custom-[0-9a-f]{8}-asia-tokyo");
		assertThat(custom.getMetadata().getAnnotations()).containsEntry("ospatch.io/schedule", "30 2 * * 1-5")
			.containsEntry("ospatch.io/timezone", "Asia/Tokyo");
		assertThat(rendering.skipped()).isEmpty();
	}

	@Test
	void theSameFleetRendersTheSameCronJobsWhateverItsOrder() {
		List<Cluster> fleet = List.of(cluster("a", "monthly", "UTC"), cluster("b", "0 4 * * *", "Europe/Berlin"),
				cluster("c", "every-two-months", "Australia/Sydney"));

		String once = CronJobManifests.yaml(CronJobRenderer.render(fleet, IMAGE).cronJobs());
		String reversed = CronJobManifests
			.yaml(CronJobRenderer.render(List.of(fleet.get(2), fleet.get(1), fleet.get(0)), IMAGE).cronJobs());

		assertThat(reversed).isEqualTo(once);
	}

	@Test
	void aClusterOspatchDoesNotPatchGetsNoCronJobAndALine() {
		Cluster imported = new Cluster(1, "legacy", ClusterKind.IMPORTED, ZoneId.of("UTC"), false, "weekly",
				CountOrPercent.count(1), CountOrPercent.count(0), List.of(), null, null, null, null, null, Map.of(), null);

		CronJobRenderer.Rendering rendering = CronJobRenderer.render(List.of(imported), IMAGE);

		assertThat(rendering.cronJobs()).isEmpty();
		assertThat(rendering.skipped()).singleElement().asString().startsWith("cluster 'legacy' has the schedule 'weekly'");
	}

	@Test
	void anImageThatIsNoImageReferenceIsRefused() {
		List<Cluster> fleet = List.of(cluster("a", "weekly", "UTC"));

		assertThat(CronJobRenderer.render(fleet, "ospatch@sha256:" + "0".repeat(64)).cronJobs()).hasSize(1);
		for (String image : List.of("", "Registry/ospatch", "ospatch:1 --privileged", "ospatch:")) {
			assertThatThrownBy(() -> CronJobRenderer.render(fleet, image)).as(image)
				.isInstanceOf(InvalidInputException.class)
				.hasMessageStartingWith("--image '");
		}
	}

	@Test
	void aWholeHourOffsetBecomesItsEtcZoneAndAnyOtherOffsetIsRefused() {
		assertThat(ZonedSchedule.of(cluster("a", "weekly", "+02:00")).timezone()).isEqualTo("Etc/GMT-2");
		assertThat(ZonedSchedule.of(cluster("a", "weekly", "UTC-5")).timezone()).isEqualTo("Etc/GMT+5");
		assertThat(ZonedSchedule.of(cluster("a", "weekly", "Z")).timezone()).isEqualTo("UTC");
		assertThatThrownBy(() -> ZonedSchedule.of(cluster("a", "weekly", "+05:30"))).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("cluster 'a': timezone +05:30");
	}

	@Test
	void everyZoneGivesEveryScheduleADistinctValidName() {
		Set<String> names = new HashSet<>();
		int schedules = 0;
		for (String zone : ZoneId.getAvailableZoneIds()) {
			for (String schedule : List.of("weekly", "every-two-weeks", "monthly", "every-two-months", "*/15 1-3 * * *")) {
				String name = new ZonedSchedule(schedule, zone).cronJobName();
				assertThat(name).as(zone).matches(DNS_1123).hasSizeLessThanOrEqualTo(ZonedSchedule.MAX_NAME_LENGTH);
				names.add(name);
				schedules++;
			}
		}
		assertThat(names).hasSize(schedules);
	}

	private static List<String> args(CronJob cronJob) {
		return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
	}

	static Cluster cluster(String name, String schedule, String zone) {
		return new Cluster(1, name, ClusterKind.PROVISIONED, ZoneId.of(zone), false, schedule, CountOrPercent.count(1),
				CountOrPercent.count(0), List.of(), null, null, null, null, null, Map.of(), null);
	}

}
