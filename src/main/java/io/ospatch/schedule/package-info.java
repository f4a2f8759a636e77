/**
 * Provides schedules and what is due: the presets and five-field cron expressions a cluster may be
 * patched on, their fire times in the cluster's timezone (daylight-saving gaps and overlaps
 * included), and, per cluster, the next fire time not yet handled, kept in the database so that
 * finding the due clusters is one indexed query.
 *
 * <p>Uses {@code cluster} (its clusters and their changes); nothing here launches a run.
 */
package io.ospatch.schedule;
