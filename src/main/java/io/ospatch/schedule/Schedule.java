package io.ospatch.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.ospatch.cluster.InvalidInputException;

/**
 * When a cluster is patched: a preset ({@code weekly}, {@code every-two-weeks}, {@code monthly},
 * {@code every-two-months}) or a five-field cron expression {@code minute hour day-of-month month
 * day-of-week}, read in a timezone. As in Vixie cron and Kubernetes CronJobs, when both day fields
 * are restricted a day matching either fires.
 *
 * <p>Fire times are local times of the timezone. One that does not exist (a daylight-saving gap)
 * fires at the first instant after the gap; one that happens twice fires once, at its first
 * occurrence.
 */
public final class Schedule {

	/** {@code every-two-weeks} fires on the Sundays a whole multiple of 14 days after this one, so it never drifts. */
	static final LocalDate FORTNIGHT_ANCHOR = LocalDate.of(2023, 1, 1);

	/** Long enough for the rarest expression that fires (29 February: 8 years across 2100) to fire. */
	private static final int HORIZON_DAYS = 12 * 366;

	private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
			"OCT", "NOV", "DEC");

	private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	/** The named schedules, each with the cron expression of the days it may fire. */
	enum Preset {

		WEEKLY("weekly", "0 0 * * 0"),
		// cron cannot count fortnights: the Sundays of the expression are filtered by the anchor's parity
		EVERY_TWO_WEEKS("every-two-weeks", "0 0 * * 0"),
		MONTHLY("monthly", "0 0 1 * *"),
		EVERY_TWO_MONTHS("every-two-months", "0 0 1 */2 *");

		private final String text;

		private final String cron;

		Preset(String text, String cron) {
			this.text = text;
			this.cron = cron;
		}

		static Optional<Preset> named(String text) {
			return Arrays.stream(values()).filter((preset) -> preset.text.equals(text)).findFirst();
		}

	}

	private final String text;

	private final Preset preset;

	private final String cron;

	private final CronField minutes;

	private final CronField hours;

	private final CronField daysOfMonth;

	private final CronField months;

	private final CronField daysOfWeek;

	private Schedule(String text, Preset preset, String cron, CronField[] fields) {
		this.text = text;
		this.preset = preset;
		this.cron = cron;
		this.minutes = fields[0];
		this.hours = fields[1];
		this.daysOfMonth = fields[2];
		this.months = fields[3];
		this.daysOfWeek = fields[4];
	}

	/** The names of the presets, as an operator writes them. */
	public static List<String> presetNames() {
		return Arrays.stream(Preset.values()).map((preset) -> preset.text).toList();
	}

	/**
	 * Reads a preset name or a five-field cron expression.
	 * @throws InvalidInputException saying what is wrong: malformed, out of range, or never firing
	 */
	public static Schedule parse(String text) {
		if (text == null || text.isBlank()) {
			throw invalid(text, "it is empty");
		}
		Optional<Preset> preset = Preset.named(text.strip());
		if (preset.isPresent()) {
			return new Schedule(preset.get().text, preset.get(), preset.get().cron, fields(preset.get().cron));
		}
		if (text.chars().anyMatch(Character::isISOControl) || text.length() > 128) {
			throw invalid(text, "control characters and more than 128 characters are not allowed");
		}
		String[] parts = text.strip().split("\\s+");
		if (parts.length != 5) {
			throw invalid(text, "expected one of " + String.join(", ", presetNames())
					+ " or a cron expression of five fields 'minute hour day-of-month month day-of-week', not "
					+ parts.length + " field(s)");
		}
		String cron = String.join(" ", parts);
		CronField[] fields;
		try {
			fields = fields(cron);
		}
		catch (InvalidInputException ex) {
			throw invalid(text, ex.getMessage());
		}
		Schedule schedule = new Schedule(cron, null, cron, fields);
		if (!schedule.everFires()) {
			throw invalid(text, "it never fires: no month it names has such a day");
		}
		return schedule;
	}

	private static CronField[] fields(String cron) {
		String[] parts = cron.split(" ");
		return new CronField[] { CronField.parse(parts[0], "minute", 0, 59, List.of(), false),
				CronField.parse(parts[1], "hour", 0, 23, List.of(), false),
				CronField.parse(parts[2], "day-of-month", 1, 31, List.of(), false),
				CronField.parse(parts[3], "month", 1, 12, MONTHS, false),
				CronField.parse(parts[4], "day-of-week", 0, 6, WEEKDAYS, true) };
	}

	private static InvalidInputException invalid(String text, String why) {
		String shown = (text == null) ? "" : text.codePoints()
			.mapToObj((c) -> Character.isISOControl(c) ? String.format("\\x%02x", c) : Character.toString(c))
			.collect(Collectors.joining());
		return new InvalidInputException("invalid schedule '" + shown + "': " + why);
	}

	/** As the operator writes it: the preset's name, or the expression with single spaces. */
	public String text() {
		return this.text;
	}

	public boolean isPreset() {
		return this.preset != null;
	}

	/**
	 * The cron expression of the times it may fire, for whatever starts {@code ospatch scheduled}
	 * (a CronJob): a preset's own, or the custom expression. {@code every-two-weeks} gives every
	 * Sunday, of which only every second one is due.
	 */
	public String cronText() {
		return this.cron;
	}

	/** The first fire time strictly after {@code after}, in {@code zone}. */
	public ZonedDateTime nextAfter(Instant after, ZoneId zone) {
		LocalDate first = after.atZone(zone).toLocalDate().minusDays(1);
		for (int day = 0; day <= HORIZON_DAYS; day++) {
			LocalDate date = first.plusDays(day);
			if (!firesOn(date)) {
				continue;
			}
			for (int hour : this.hours.values()) {
				for (int minute : this.minutes.values()) {
					Instant fire = resolve(LocalDateTime.of(date, LocalTime.of(hour, minute)), zone.getRules());
					if (fire.isAfter(after)) {
						return fire.atZone(zone);
					}
				}
			}
		}
		// parse() refuses an expression that never fires, and every one that fires does within the horizon
		throw new IllegalStateException("schedule '" + this.text + "' does not fire within " + HORIZON_DAYS + " days");
	}

	/** The last fire time at or before {@code at}, in {@code zone}; empty if it never fired in the horizon before. */
	public Optional<ZonedDateTime> latestAtOrBefore(Instant at, ZoneId zone) {
		LocalDate last = at.atZone(zone).toLocalDate().plusDays(1);
		int[] hours = this.hours.values();
		int[] minutes = this.minutes.values();
		for (int day = 0; day <= HORIZON_DAYS; day++) {
			LocalDate date = last.minusDays(day);
			if (!firesOn(date)) {
				continue;
			}
			for (int h = hours.length - 1; h >= 0; h--) {
				for (int m = minutes.length - 1; m >= 0; m--) {
					Instant fire = resolve(LocalDateTime.of(date, LocalTime.of(hours[h], minutes[m])), zone.getRules());
					if (!fire.isAfter(at)) {
						return Optional.of(fire.atZone(zone));
					}
				}
			}
		}
		return Optional.empty();
	}

	/** The next {@code count} fire times after {@code after}. */
	public List<ZonedDateTime> next(Instant after, ZoneId zone, int count) {
		List<ZonedDateTime> fires = new java.util.ArrayList<>();
		Instant from = after;
		for (int i = 0; i < count; i++) {
			ZonedDateTime fire = nextAfter(from, zone);
			fires.add(fire);
			from = fire.toInstant();
		}
		return fires;
	}

	/**
	 * A local time in a gap fires at the gap's end (the first instant after it); one in an overlap
	 * at its earlier offset, its first occurrence.
	 */
	private static Instant resolve(LocalDateTime local, ZoneRules rules) {
		List<ZoneOffset> offsets = rules.getValidOffsets(local);
		if (offsets.isEmpty()) {
			return rules.getTransition(local).getInstant();
		}
		return local.toInstant(offsets.get(0));
	}

	private boolean firesOn(LocalDate date) {
		if (!this.months.allows(date.getMonthValue())) {
			return false;
		}
		boolean dayOfMonth = this.daysOfMonth.allows(date.getDayOfMonth());
		boolean dayOfWeek = this.daysOfWeek.allows(date.getDayOfWeek().getValue() % 7);
		boolean day = (this.daysOfMonth.star() || this.daysOfWeek.star()) ? dayOfMonth && dayOfWeek
				: dayOfMonth || dayOfWeek;
		if (this.preset == Preset.EVERY_TWO_WEEKS) {
			return day && Math.floorMod(ChronoUnit.DAYS.between(FORTNIGHT_ANCHOR, date), 14) == 0;
		}
		return day;
	}

	/** Whether some month it names has a day it names; with both day fields restricted, any weekday does. */
	private boolean everFires() {
		if (!this.daysOfMonth.star() && !this.daysOfWeek.star()) {
			return true;
		}
		boolean anyWeekday = Arrays.stream(DayOfWeek.values()).anyMatch((day) -> this.daysOfWeek.allows(day.getValue() % 7));
		if (!anyWeekday) {
			return false;
		}
		for (int month : this.months.values()) {
			int longest = Month.of(month).maxLength();
			for (int day : this.daysOfMonth.values()) {
				if (day <= longest) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Schedule schedule && schedule.text.equals(this.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
