package io.ospatch.cronjob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.InvalidInputException;

/**
 * The CronJobs a fleet needs: one per (preset, timezone) in use and one per (custom schedule,
 * timezone), so that each fires at the exact local time of its clusters. Clusters sharing a
 * schedule and zone share a CronJob; clusters without a schedule, or of a kind ospatch does not
 * patch, need none.
 */
public final class CronJobRenderer {

	/** The image the base runs, {@code ospatch}, which kustomize's {@code images} replaces. */
	public static final String BASE_IMAGE = OspatchCronJobs.BASE_IMAGE;

	/** [registry[:port]/]path[:tag][@digest], in the characters Kubernetes takes; the registry checks the rest. */
	private static final Pattern IMAGE_REFERENCE = Pattern.compile("[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?");

	private CronJobRenderer() {
	}

	/**
	 * @param clusters the fleet
	 * @param image the image the CronJobs run ({@code registry.example.com/ospatch:0.1.0})
	 * @return the CronJobs by name, and a line for each scheduled cluster that gets none
	 * @throws InvalidInputException if the image is not an image reference, or a scheduled cluster's
	 * timezone cannot be given to Kubernetes
	 */
	public static Rendering render(List<Cluster> clusters, String image) {
		if (!IMAGE_REFERENCE.matcher(image).matches()) {
			throw new InvalidInputException("--image '" + image.replaceAll("\\p{Cntrl}", "?")
					+ "' is not an image reference such as registry.example.com/ospatch:0.1.0");
		}
		Map<String, ZonedSchedule> byName = new TreeMap<>();
		List<String> skipped = new ArrayList<>();
		for (Cluster cluster : clusters) {
			if (cluster.schedule() == null) {
				continue;
			}
			Optional<String> refusal = cluster.kind().patchRefusal();
			if (refusal.isPresent()) {
				skipped.add("cluster '" + cluster.name() + "' has the schedule '" + cluster.schedule()
						+ "' but gets no CronJob: " + refusal.get());
				continue;
			}
			ZonedSchedule schedule = ZonedSchedule.of(cluster);
			ZonedSchedule earlier = byName.putIfAbsent(schedule.cronJobName(), schedule);
			if (earlier != null && !earlier.equals(schedule)) {
				throw new IllegalStateException("two schedules named " + schedule.cronJobName() + ": " + earlier + ", " + schedule);
			}
		}
		return new Rendering(byName.values().stream().map((schedule) -> OspatchCronJobs.scheduled(schedule, image)).toList(), List.copyOf(skipped));
	}

	/**
	 * What {@link #render} found.
	 *
	 * @param cronJobs the CronJobs, ordered by name
	 * @param skipped why each scheduled cluster left out is left out
	 */
	public record Rendering(List<CronJob> cronJobs, List<String> skipped) {
	}

}
