/**
 * Provides the lease that gives one run at a time a cluster: acquired with one statement, kept
 * alive by a background heartbeat, recognised as dead (its process gone on this host, or its
 * heartbeat older than the time to live) and then taken over with one conditional statement, and
 * released by its holder or, by hand, with {@code ospatch unlock}.
 */
package io.ospatch.lease;
