package io.ospatch.web.api;

import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.FleetConflictException;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.cluster.UnknownNodeException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The API's errors as {@code application/problem+json}, with the command line's messages: an unknown
 * cluster or node 404, bad input 400, a cluster held by a run 409, a name already taken or a removal
 * that would take a history with it 409.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiProblems {

	@ExceptionHandler
	ProblemDetail unknownCluster(UnknownClusterException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown cluster", ex);
	}

	@ExceptionHandler
	ProblemDetail unknownNode(UnknownNodeException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown node", ex);
	}

	@ExceptionHandler
	ProblemDetail conflict(FleetConflictException ex) {
		return problem(HttpStatus.CONFLICT, "Conflict", ex);
	}

	@ExceptionHandler
	ProblemDetail badInput(InvalidInputException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Bad input", ex);
	}

	@ExceptionHandler
	ProblemDetail busy(ClusterBusyException ex) {
		return problem(HttpStatus.CONFLICT, "Cluster busy", ex);
	}

	private static ProblemDetail problem(HttpStatus status, String title, RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

}
