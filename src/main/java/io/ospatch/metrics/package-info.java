/**
 * Provides ospatch's metrics for Prometheus, served at {@code /actuator/prometheus} by
 * {@code ospatch serve}: the fleet as the database has it (per cluster its nodes and compliant nodes,
 * or an EKS cluster's node groups and compliant node groups, latest run outcome, time since its last
 * compliant run, and its runs by outcome) — the same figures whichever process patched — and the
 * duration of the rolling chunks patched by this process.
 *
 * <p>Compliance here is the {@code report} package's: metrics only show it, they never decide it.
 */
package io.ospatch.metrics;
