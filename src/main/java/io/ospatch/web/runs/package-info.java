/**
 * Provides the runs pages of the console: the runs newest first, one run with its progress, node (or
 * node-group) results, events, webhook calls and mail, and its report served in HTML, JSON and CSV;
 * read through the same read models as {@code ospatch runs} and {@code ospatch report}.
 */
package io.ospatch.web.runs;
