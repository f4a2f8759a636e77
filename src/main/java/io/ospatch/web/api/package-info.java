/**
 * Provides the REST API under {@code /api/v1}: clusters read, added, changed (JSON merge patch) and
 * removed, nodes listed, added and removed, schedule previews, launches on demand, runs, events and
 * reports, the audit trail; described by OpenAPI at {@code /v3/api-docs}. Changes go through the
 * command line's service layer, with its rules, and are recorded in the audit trail. Errors are
 * {@code application/problem+json} with the command line's messages.
 * Secrets never leave: no become password, key content or credential-like inventory variable.
 */
package io.ospatch.web.api;
