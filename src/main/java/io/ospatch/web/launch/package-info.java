/**
 * Provides on-demand launches from {@code ospatch serve}, never in a request thread: the request opens
 * the run (so its id is known and a busy cluster is refused at once) and a bounded worker of the
 * server patches it ({@link io.ospatch.web.launch.LaunchWorker}) or, under
 * {@code ospatch.web.launch.mode=kubernetes-job}, a Kubernetes Job created for the run resumes it
 * ({@link io.ospatch.web.launch.PatchJobCreator}); the Patch now page shows the plan
 * before an operator confirms. The same leases as the command line keep one run per cluster,
 * whoever launched it.
 */
package io.ospatch.web.launch;
