/**
 * Run notifications by webhook: when a run starts, resumes or ends, a JSON summary that Slack and
 * Teams incoming webhooks accept is posted to the global webhook and to the cluster's own, signed
 * with an HMAC when a secret is set, retried with backoff on a background thread (never holding
 * or failing the run), and each call's result recorded on the run.
 */
package io.ospatch.notify;
