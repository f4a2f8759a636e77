package io.ospatch.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;

import org.springframework.stereotype.Service;

/**
 * The next fire times of a cluster's schedule, or of a schedule being chosen: what {@code ospatch
 * schedule} prints and the API's schedule preview returns, with the same rules and messages. Changes
 * nothing.
 */
@Service
public class FireTimePreview {

	/** The most fire times one preview gives. */
	public static final int MOST = 1000;

	private final FleetService fleet;

	FireTimePreview(FleetService fleet) {
		this.fleet = fleet;
	}

	/**
	 * @throws InvalidInputException for an unknown cluster, one without a schedule, or a count out of range
	 */
	public List<ZonedDateTime> ofCluster(String clusterName, Instant after, int count) {
		checkCount(count);
		Cluster cluster = this.fleet.cluster(clusterName);
		if (cluster.schedule() == null) {
			throw new InvalidInputException("cluster '" + cluster.name() + "' has no schedule; set one with 'ospatch cluster set "
					+ cluster.name() + " --schedule SCHEDULE'");
		}
		return Schedule.parse(cluster.schedule()).next(after, cluster.timezone(), count);
	}

	/**
	 * @param timezone an IANA timezone, or {@code null} for UTC
	 * @throws InvalidInputException for an invalid schedule or timezone, or a count out of range
	 */
	public List<ZonedDateTime> ofSchedule(String schedule, String timezone, Instant after, int count) {
		checkCount(count);
		Schedule parsed = Schedule.parse(schedule);
		ZoneId zone = (timezone != null) ? InputRules.timezone(timezone) : ZoneOffset.UTC;
		return parsed.next(after, zone, count);
	}

	private static void checkCount(int count) {
		if (count < 1 || count > MOST) {
			throw new InvalidInputException("count must be 1-" + MOST + ", not " + count);
		}
	}

}
