package io.ospatch.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.ospatch.cluster.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fire times of every preset and of custom expressions, across month ends, leap years, year ends and
 * daylight-saving changes. Expected times were checked against Python's zoneinfo, an independent
 * reading of the same tz database.
 */
class ScheduleTests {

	private static final ZoneId UTC = ZoneId.of("UTC");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

	private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	@Test
	void presetsAreKnownByName() {
		for (String name : List.of("weekly", "every-two-weeks", "monthly", "every-two-months")) {
			Schedule schedule = Schedule.parse(name);
			assertThat(schedule.isPreset()).isTrue();
			assertThat(schedule.text()).isEqualTo(name);
		}
		assertThat(Schedule.parse("weekly").cronText()).isEqualTo("0 0 * * 0");
		assertThat(Schedule.parse("every-two-weeks").cronText()).isEqualTo("0 0 * * 0");
		assertThat(Schedule.parse("monthly").cronText()).isEqualTo("0 0 1 * *");
		assertThat(Schedule.parse("every-two-months").cronText()).isEqualTo("0 0 1 */2 *");
		assertThat(Schedule.parse(" 30  2 15 6 * ").isPreset()).isFalse();
		assertThat(Schedule.parse(" 30  2 15 6 * ").text()).isEqualTo("30 2 15 6 *");
	}

	@Test
	void weeklyFiresEverySundayAtMidnightAcrossTheYearEnd() {
		assertThat(next("weekly", "2026-12-20T12:00:00Z", BERLIN, 3)).containsExactly("2026-12-27T00:00+01:00",
				"2027-01-03T00:00+01:00", "2027-01-10T00:00+01:00");
		assertThat(next("weekly", "2026-11-26T14:00:00Z", UTC, 1)).containsExactly("2026-11-29T00:00Z");
	}

	@Test
	void weeklyKeepsLocalMidnightAcrossDaylightSavingInBerlinAndNewYork() {
		assertThat(next("weekly", "2027-03-22T00:00:00Z", BERLIN, 2)).containsExactly("2027-03-28T00:00+01:00",
				"2027-04-04T00:00+02:00");
		assertThat(next("weekly", "2026-10-20T00:00:00Z", BERLIN, 2)).containsExactly("2026-10-25T00:00+02:00",
				"2026-11-01T00:00+01:00");
		assertThat(next("weekly", "2027-03-08T00:00:00Z", NEW_YORK, 2)).containsExactly("2027-03-14T00:00-05:00",
				"2027-03-21T00:00-04:00");
	}

	@Test
	void weeklyMidnightSkippedBySantiagosDaylightSavingFiresAtTheEndOfTheGap() {
		// Chile moves its clocks from Sunday 00:00 to 01:00: that Sunday's midnight does not exist
		assertThat(next("weekly", "2026-08-31T00:00:00Z", SANTIAGO, 3)).containsExactly("2026-09-06T01:00-03:00", "2026-09-13T00:00-03:00", "2026-09-20T00:00-03:00");
		// and back from Sunday 00:00 to Saturday 23:00: Sunday's midnight happens once
		assertThat(next("weekly", "2026-03-30T00:00:00Z", SANTIAGO, 2)).containsExactly("2026-04-05T00:00-04:00",
				"2026-04-12T00:00-04:00");
	}

	@Test
	void aLocalTimeInAGapFiresAtTheFirstInstantAfterIt() {
		assertThat(next("30 2 * * *", "2027-03-13T12:00:00Z", NEW_YORK, 2)).containsExactly("2027-03-14T03:00-04:00",
				"2027-03-15T02:30-04:00");
		assertThat(next("30 2 * * *", "2027-03-27T12:00:00Z", BERLIN, 2)).containsExactly("2027-03-28T03:00+02:00",
				"2027-03-29T02:30+02:00");
		// Lord Howe moves its clocks by half an hour, 02:00 -> 02:30
		assertThat(next("15 2 * * *", "2026-10-03T00:00:00Z", LORD_HOWE, 2)).containsExactly("2026-10-04T02:30+11:00",
				"2026-10-05T02:15+11:00");
		// every minute of the gap fires once, at its end
		assertThat(next("*/15 2 * * *", "2027-03-13T12:00:00Z", NEW_YORK, 2)).containsExactly("2027-03-14T03:00-04:00",
				"2027-03-15T02:00-04:00");
	}

	@Test
	void aLocalTimeThatHappensTwiceFiresOnceAtItsFirstOccurrence() {
		assertThat(next("30 1 * * *", "2026-10-31T12:00:00Z", NEW_YORK, 2)).containsExactly("2026-11-01T01:30-04:00",
				"2026-11-02T01:30-05:00");
		assertThat(next("30 2 * * *", "2026-10-24T12:00:00Z", BERLIN, 2)).containsExactly("2026-10-25T02:30+02:00",
				"2026-10-26T02:30+01:00");
		assertThat(next("45 1 * * *", "2026-04-04T00:00:00Z", LORD_HOWE, 2)).containsExactly("2026-04-05T01:45+11:00",
				"2026-04-06T01:45+10:30");
		assertThat(next("30 23 * * 6", "2026-04-01T00:00:00Z", SANTIAGO, 2)).containsExactly("2026-04-04T23:30-03:00",
				"2026-04-11T23:30-04:00");
		// asked from between the two occurrences, the second one is not a fire time
		Instant betweenThem = OffsetDateTime.parse("2026-11-01T01:45-04:00").toInstant();
		assertThat(Schedule.parse("30 1 * * *").nextAfter(betweenThem, NEW_YORK).toOffsetDateTime())
			.hasToString("2026-11-02T01:30-05:00");
	}

	@Test
	void everyTwoWeeksKeepsItsParityFromTheAnchorAcrossYears() {
		Schedule schedule = Schedule.parse("every-two-weeks");
		List<ZonedDateTime> fires = schedule.next(Instant.parse("2022-12-01T00:00:00Z"), UTC, 200);
		assertThat(fires.get(0).toLocalDate()).isEqualTo(LocalDate.of(2022, 12, 4));
		assertThat(fires).extracting(ZonedDateTime::toLocalDate).contains(LocalDate.of(2023, 1, 1),
				LocalDate.of(2023, 12, 31), LocalDate.of(2024, 1, 14), LocalDate.of(2026, 11, 29))
			.doesNotContain(LocalDate.of(2023, 1, 8), LocalDate.of(2024, 1, 7), LocalDate.of(2026, 12, 6));
		for (int i = 0; i < fires.size(); i++) {
			LocalDate day = fires.get(i).toLocalDate();
			assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
			assertThat(Math.floorMod(ChronoUnit.DAYS.between(LocalDate.of(2023, 1, 1), day), 14)).isZero();
			assertThat(fires.get(i).toLocalTime()).hasToString("00:00");
			if (i > 0) {
				assertThat(ChronoUnit.DAYS.between(fires.get(i - 1).toLocalDate(), day)).isEqualTo(14);
			}
		}
	}

	@Test
	void everyTwoWeeksInSantiagoFiresAfterTheGapOnItsSunday() {
		assertThat(next("every-two-weeks", "2026-08-31T00:00:00Z", SANTIAGO, 2)).containsExactly("2026-09-06T01:00-03:00",
				"2026-09-20T00:00-03:00");
	}

	@Test
	void monthlyFiresOnTheFirstAcrossYearEndAndLeapFebruary() {
		assertThat(next("monthly", "2027-12-15T00:00:00Z", UTC, 4)).containsExactly("2028-01-01T00:00Z",
				"2028-02-01T00:00Z", "2028-03-01T00:00Z", "2028-04-01T00:00Z");
		assertThat(next("monthly", "2026-10-15T00:00:00Z", LORD_HOWE, 2)).containsExactly("2026-11-01T00:00+11:00",
				"2026-12-01T00:00+11:00");
		// 2026-02-01 01:30 in Kolkata is still January 31 in UTC
		assertThat(next("monthly", "2026-01-31T20:00:00Z", KOLKATA, 1)).containsExactly("2026-03-01T00:00+05:30");
		assertThat(Schedule.parse("monthly").latestAtOrBefore(Instant.parse("2026-01-31T20:00:00Z"), KOLKATA).orElseThrow()
			.toOffsetDateTime()).hasToString("2026-02-01T00:00+05:30");
	}

	@Test
	void everyTwoMonthsFiresOnTheFirstOfOddMonths() {
		assertThat(next("every-two-months", "2026-08-15T00:00:00Z", UTC, 4)).containsExactly("2026-09-01T00:00Z",
				"2026-11-01T00:00Z", "2027-01-01T00:00Z", "2027-03-01T00:00Z");
		// New Year in Berlin is 23:00 UTC
		assertThat(next("every-two-months", "2026-12-31T22:59:59Z", BERLIN, 1)).containsExactly("2027-01-01T00:00+01:00");
		assertThat(next("every-two-months", "2026-12-31T23:00:00Z", BERLIN, 1)).containsExactly("2027-03-01T00:00+01:00");
		assertThat(next("every-two-months", "2026-12-31T23:00:00Z", NEW_YORK, 1)).containsExactly("2027-01-01T00:00-05:00");
	}

	@Test
	void customExpressionsCoverAnExactDayAndMonthEnds() {
		assertThat(next("30 2 15 6 *", "2026-11-26T00:00:00Z", BERLIN, 2)).containsExactly("2027-06-15T02:30+02:00",
				"2028-06-15T02:30+02:00");
		assertThat(next("0 0 31 * *", "2026-01-31T00:00:00Z", UTC, 4)).containsExactly("2026-03-31T00:00Z",
				"2026-05-31T00:00Z", "2026-07-31T00:00Z", "2026-08-31T00:00Z");
		assertThat(next("0 0 29 2 *", "2026-01-01T00:00:00Z", UTC, 2)).containsExactly("2028-02-29T00:00Z",
				"2032-02-29T00:00Z");
		// 2100 is not a leap year: eight years between two 29 Februaries
		assertThat(next("0 0 29 2 *", "2097-01-01T00:00:00Z", UTC, 1)).containsExactly("2104-02-29T00:00Z");
	}

	@Test
	void customExpressionsReadAsCronDoes() {
		// both day fields restricted: a day matching either fires
		assertThat(next("0 0 13 * 5", "2026-11-01T00:00:00Z", UTC, 3)).containsExactly("2026-11-06T00:00Z",
				"2026-11-13T00:00Z", "2026-11-20T00:00Z");
		// names, ranges, lists, steps; 7 is Sunday like 0
		assertThat(next("0 4 * jan-mar MON,wed", "2026-12-31T00:00:00Z", UTC, 2)).containsExactly("2027-01-04T04:00Z",
				"2027-01-06T04:00Z");
		assertThat(next("0 0 * * 7", "2026-11-26T00:00:00Z", UTC, 1)).containsExactly("2026-11-29T00:00Z");
		assertThat(next("5/20 */12 1 1 *", "2026-11-26T00:00:00Z", UTC, 4)).containsExactly("2027-01-01T00:05Z",
				"2027-01-01T00:25Z", "2027-01-01T00:45Z", "2027-01-01T12:05Z");
		assertThat(next("0 0 1-7 * */7", "2026-11-26T00:00:00Z", UTC, 2)).containsExactly("2026-12-06T00:00Z",
				"2027-01-03T00:00Z");
	}

	@Test
	void theLatestFireTimeAtOrBeforeAnInstantIncludesThatInstant() {
		Schedule weekly = Schedule.parse("weekly");
		Instant sunday = OffsetDateTime.parse("2026-11-29T00:00+01:00").toInstant();
		assertThat(weekly.latestAtOrBefore(sunday, BERLIN).orElseThrow().toInstant()).isEqualTo(sunday);
		assertThat(weekly.latestAtOrBefore(sunday.minusNanos(1), BERLIN).orElseThrow().toOffsetDateTime())
			.hasToString("2026-11-22T00:00+01:00");
		assertThat(weekly.nextAfter(sunday, BERLIN).toOffsetDateTime()).hasToString("2026-12-06T00:00+01:00");
		assertThat(Schedule.parse("weekly").latestAtOrBefore(Instant.parse("2026-09-06T04:30:00Z"), SANTIAGO).orElseThrow()
			.toOffsetDateTime()).hasToString("2026-09-06T01:00-03:00");
		assertThat(Schedule.parse("0 0 29 2 *").latestAtOrBefore(Instant.parse("2103-01-01T00:00:00Z"), UTC).orElseThrow()
			.toOffsetDateTime()).hasToString("2096-02-29T00:00Z");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0 0 31 2 *          | it never fires
			0 0 30 2 *          | it never fires
			0 0 31 4,6,9,11 *   | it never fires
			61 0 * * *          | minute: 61 is out of range 0-59
			0 24 * * *          | hour: 24 is out of range 0-23
			0 0 0 * *           | day-of-month: 0 is out of range 1-31
			0 0 1 13 *          | month: 13 is out of range 1-12
			0 0 * * 8           | day-of-week: 8 is out of range 0-7
			0 0 * *             | not 4 field(s)
			0 0 * * * *         | not 6 field(s)
			daily               | not 1 field(s)
			0 0 L * *           | day-of-month: 'L' is not a number
			0 0 * * MON#2       | day-of-week: 'MON#2' is not a number or a name
			*/0 * * * *         | minute step: 0 is out of range 1-60
			5-1 * * * *         | minute: range '5-1' runs backwards
			0 0 ? * *           | day-of-month: '?' is not a number
			0 0 * FOO *         | month: 'FOO' is not a number or a name
			1,,2 * * * *        | minute: '' is not a number
			""")
	void malformedOutOfRangeOrNeverFiringExpressionsAreRefusedSayingWhy(String expression, String why) {
		assertThatThrownBy(() -> Schedule.parse(expression)).isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("invalid schedule '" + expression + "': ")
			.hasMessageContaining(why);
	}

	@Test
	void emptyAndControlCharactersAreRefused() {
		assertThatThrownBy(() -> Schedule.parse(" ")).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
		assertThatThrownBy(() -> Schedule.parse("0 0 * * *\u001b[2J")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("\\x1b");
	}

	private static List<String> next(String schedule, String after, ZoneId zone, int count) {
		return Schedule.parse(schedule)
			.next(Instant.parse(after), zone, count)
			.stream()
			.map((fire) -> fire.toOffsetDateTime().toString())
			.toList();
	}

}
