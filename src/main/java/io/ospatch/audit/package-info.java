/**
 * Provides the audit trail: who changed the fleet or launched a patch, when, and what — from the
 * command line (as {@code user@host}, as runs name who launched them), the web console and the REST
 * API (as the login name). Each entry is written in a short transaction of its own once the change is
 * made; entries are only ever added, and kept by cluster name so that a removed cluster's trail stays.
 * Details never carry a secret: files by their path, webhook URLs redacted, credential-like inventory
 * variables hidden, as {@code ospatch cluster show} shows them.
 */
package io.ospatch.audit;
