/**
 * Provides {@code ospatch serve}: the web console's pages and the REST API over the same services
 * as the command line, behind logins. Sub-packages by feature: {@code security} (users, roles, the
 * rules of each path), {@code fleet} (the fleet page), {@code runs} (runs, one run, its report),
 * {@code nodes} (a cluster's nodes), {@code launch} (launches on demand: the launch workers and the
 * Patch now page), {@code api} (the REST API).
 *
 * <p>Everything here exists only in a web application ({@code serve}): every other command starts
 * without a web server, and without these beans.
 */
package io.ospatch.web;
