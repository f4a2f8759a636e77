package io.ospatch.web.api;

import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.rollout.PreflightException;
import io.ospatch.web.launch.LaunchWorkerFullException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's errors as {@code application/problem+json}, with the command line's messages: an unknown
 * cluster 404, bad input 400, a cluster held by a run 409; a launch the server cannot run now 503
 * (its workers are taken, it is stopping, or this machine cannot run Ansible rollouts: the server's
 * state, not the request's, so the same request may succeed later).
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiProblems {

	@ExceptionHandler
	ProblemDetail unknownCluster(UnknownClusterException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown cluster", ex);
	}

	@ExceptionHandler
	ProblemDetail badInput(InvalidInputException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Bad input", ex);
	}

	@ExceptionHandler
	ProblemDetail busy(ClusterBusyException ex) {
		return problem(HttpStatus.CONFLICT, "Cluster busy", ex);
	}

	@ExceptionHandler
	ProblemDetail workerFull(LaunchWorkerFullException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cannot launch now", ex);
	}

	@ExceptionHandler
	ProblemDetail cannotRunRollouts(PreflightException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cannot run rollouts here", ex);
	}

	private static ProblemDetail problem(HttpStatus status, String title, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

}
