/**
 * Provides the REST API under {@code /api/v1} (clusters, schedules, launches on demand, nodes, runs, events and
 * reports), described by OpenAPI at {@code /v3/api-docs}. Errors are {@code application/problem+json} with the command line's messages.
 * Secrets never leave: no become password, key content or credential-like inventory variable.
 */
package io.ospatch.web.api;
