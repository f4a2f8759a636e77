/**
 * Provides the fleet page, the console's home: every cluster with its kind, nodes, compliance,
 * latest run and outcome and next fire time, the ones that need attention first; the figures of
 * {@code ospatch compliance}.
 */
package io.ospatch.web.fleet;
