/**
 * Provides the Kubernetes CronJobs that run ospatch: one per schedule preset and timezone in use
 * and one per custom schedule, rendered from the fleet with fabric8's model, so that each fires at
 * its exact local time. They run the same pod as the kustomize base under {@code k8s-cronjobs/}.
 *
 * <p>A CronJob only starts ospatch; whether a cluster is due is still ospatch's own decision.
 */
package io.ospatch.cronjob;
