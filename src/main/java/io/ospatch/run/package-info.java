/**
 * Provides the records of patch runs: each cluster's run, what it did to every node, the events of
 * its life (started, resumed, stopped, ...), and the read models that {@code runs}, summaries and
 * reports read. A run interrupted by a kill or a stop stays unfinished until a launch resumes it.
 */
package io.ospatch.run;
