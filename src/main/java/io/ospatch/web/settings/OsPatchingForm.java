package io.ospatch.web.settings;

import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.InputRules;
import io.ospatch.schedule.Schedule;

/**
 * The OS Patching Schedule section of a cluster's settings as its form holds it: a preset, none, or a
 * custom month/day/hour/minute (the cron expression {@code minute hour day month *}), the timezone it is
 * read in, patch on boot, max-unavailable, failure budget and maintenance window, all as text. A form
 * object: Spring binds the request's fields to it.
 */
public class OsPatchingForm {

	static final String NONE = "none";

	static final String CUSTOM = "custom";

	private String schedule = NONE;

	private String month = "*";

	private String day = "*";

	private String hour = "0";

	private String minute = "0";

	private String timezone = "UTC";

	private boolean patchOnBoot;

	private String maxUnavailable = "1";

	private String failureBudget = "0";

	private String maintenanceWindow = "";

	/** The form as the cluster's stored settings fill it. */
	static OsPatchingForm of(Cluster cluster) {
		OsPatchingForm form = new OsPatchingForm();
		String stored = cluster.schedule();
		if (stored == null) {
			form.schedule = NONE;
		}
		else if (Schedule.presetNames().contains(stored)) {
			form.schedule = stored;
		}
		else {
			String[] fields = stored.trim().split("\\s+");
			form.schedule = CUSTOM;
			if (fields.length == 5) {
				form.minute = fields[0];
				form.hour = fields[1];
				form.day = fields[2];
				form.month = fields[3];
			}
		}
		form.timezone = cluster.timezone().getId();
		form.patchOnBoot = cluster.patchOnBoot();
		form.maxUnavailable = cluster.maxUnavailable().toString();
		form.failureBudget = cluster.failureBudget().toString();
		form.maintenanceWindow = (cluster.maintenanceWindow() != null) ? InputRules.formatWindow(cluster.maintenanceWindow())
				: "";
		return form;
	}

	/** The schedule as the command line takes it: a preset, {@code none}, or the custom cron expression. */
	String scheduleText() {
		if (CUSTOM.equals(this.schedule)) {
			return String.join(" ", blankAsStar(this.minute), blankAsStar(this.hour), blankAsStar(this.day),
					blankAsStar(this.month), "*");
		}
		return (this.schedule == null || this.schedule.isBlank()) ? NONE : this.schedule.strip();
	}

	/**
	 * The settings the form gives, checked by the same rules as {@code ospatch cluster set}.
	 * @throws io.ospatch.cluster.InvalidInputException naming the first bad value
	 */
	ClusterSettings settings() {
		String window = (this.maintenanceWindow == null || this.maintenanceWindow.isBlank()) ? ClusterSettings.NONE
				: this.maintenanceWindow.strip();
		return ClusterSettings.fromText(null, this.timezone.strip(), this.patchOnBoot, scheduleText(),
				this.maxUnavailable.strip(), this.failureBudget.strip(), null, null, null, null, null, null, null, null,
				null, window, null);
	}

	/** The schedule's choices: none, the presets, custom. */
	static List<String> choices() {
		List<String> choices = new ArrayList<>();
		choices.add(NONE);
		choices.addAll(Schedule.presetNames());
		choices.add(CUSTOM);
		return choices;
	}

	private static String blankAsStar(String field) {
		return (field == null || field.isBlank()) ? "*" : field.strip();
	}

	public String getSchedule() {
		return this.schedule;
	}

	public void setSchedule(String schedule) {
		this.schedule = schedule;
	}

	public String getMonth() {
		return this.month;
	}

	public void setMonth(String month) {
		this.month = month;
	}

	public String getDay() {
		return this.day;
	}

	public void setDay(String day) {
		this.day = day;
	}

	public String getHour() {
		return this.hour;
	}

	public void setHour(String hour) {
		this.hour = hour;
	}

	public String getMinute() {
		return this.minute;
	}

	public void setMinute(String minute) {
		this.minute = minute;
	}

	public String getTimezone() {
		return this.timezone;
	}

	public void setTimezone(String timezone) {
		this.timezone = (timezone != null) ? timezone : "";
	}

	public boolean isPatchOnBoot() {
		return this.patchOnBoot;
	}

	public void setPatchOnBoot(boolean patchOnBoot) {
		this.patchOnBoot = patchOnBoot;
	}

	public String getMaxUnavailable() {
		return this.maxUnavailable;
	}

	public void setMaxUnavailable(String maxUnavailable) {
		this.maxUnavailable = (maxUnavailable != null) ? maxUnavailable : "";
	}

	public String getFailureBudget() {
		return this.failureBudget;
	}

	public void setFailureBudget(String failureBudget) {
		this.failureBudget = (failureBudget != null) ? failureBudget : "";
	}

	public String getMaintenanceWindow() {
		return this.maintenanceWindow;
	}

	public void setMaintenanceWindow(String maintenanceWindow) {
		this.maintenanceWindow = maintenanceWindow;
	}

}
