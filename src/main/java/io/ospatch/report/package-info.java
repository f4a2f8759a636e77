/**
 * Reports of patch runs: what a security team reads. Per run an HTML report with its JSON and CSV
 * beside it, the fleet index, the fleet's compliance, and the mail to each cluster's security
 * contacts. Compliance here means: a node is on the latest patch release of its OS stream.
 */
package io.ospatch.report;
