package io.ospatch.cronjob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.schedule.Schedule;

/**
 * A schedule as one CronJob fires it: the cluster's schedule (a preset or a custom cron
 * expression) in its timezone, named as Kubernetes knows the zone.
 *
 * @param schedule the preset's name or the custom cron expression, as stored
 * @param timezone an IANA zone name, for the CronJob's {@code timeZone}
 */
record ZonedSchedule(String schedule, String timezone) {

	/** CronJob names are at most 52 characters: Kubernetes adds 11 for the Jobs they start. */
	static final int MAX_NAME_LENGTH = 52;

	private static final int ETC_GMT_WEST = -12;

	private static final int ETC_GMT_EAST = 14;

	/** @throws InvalidInputException if the cluster's zone is an offset Kubernetes has no name for */
	static ZonedSchedule of(Cluster cluster) {
		return new ZonedSchedule(cluster.schedule(), kubernetesZone(cluster));
	}

	/** The cron expression the CronJob fires on: a preset's own, or the custom expression. */
	String cron() {
		return Schedule.parse(this.schedule).cronText();
	}

	boolean preset() {
		return Schedule.parse(this.schedule).isPreset();
	}

	/**
	 * {@code ospatch-<preset>-<zone>} or {@code ospatch-custom-<hash of the expression>-<zone>}:
	 * DNS-1123, the same for the same schedule and zone on every run, and distinct for distinct ones
	 * (a name cut to fit ends in a hash of what it stands for).
	 */
	String cronJobName() {
		String what = preset() ? this.schedule : "custom-" + hash(this.schedule, 8);
		String name = "ospatch-" + what + "-" + slug(this.timezone);
		if (name.length() <= MAX_NAME_LENGTH) {
			return name;
		}
		String suffix = "-" + hash(this.schedule + " " + this.timezone, 6);
		return name.substring(0, MAX_NAME_LENGTH - suffix.length()).replaceAll("-+$", "") + suffix;
	}

	/** Lower case, {@code +} spelt out (Etc/GMT+5 is not Etc/GMT-5), anything else a dash. */
	private static String slug(String zone) {
		return zone.toLowerCase(Locale.ROOT)
			.replace("+", "plus")
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
	}

	private static String hash(String text, int length) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, length);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	/**
	 * A region name as it is; a whole-hour offset ({@code +02:00}, {@code UTC+2}), which a
	 * CronJob's {@code timeZone} does not take, as the {@code Etc/GMT} zone of that offset (whose
	 * sign POSIX inverts).
	 */
	private static String kubernetesZone(Cluster cluster) {
		ZoneId zone = cluster.timezone();
		if (ZoneId.getAvailableZoneIds().contains(zone.getId())) {
			return zone.getId();
		}
		if (zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() % 3600 == 0) {
			int hours = offset.getTotalSeconds() / 3600;
			if (hours == 0) {
				return "UTC";
			}
			if (hours >= ETC_GMT_WEST && hours <= ETC_GMT_EAST) {
				return "Etc/GMT" + ((hours > 0) ? "-" : "+") + Math.abs(hours);
			}
		}
		throw new InvalidInputException("cluster '" + cluster.name() + "': timezone " + zone.getId()
				+ " has no IANA name for a CronJob's timeZone: set a region such as Europe/Paris (cluster set "
				+ cluster.name() + " --timezone ZONE)");
	}

}
