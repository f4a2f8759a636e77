package io.ospatch.web.api;

import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.FleetConflictException;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.cluster.UnknownNodeException;
import io.ospatch.rollout.PreflightException;
import io.ospatch.run.UnknownRunException;
import io.ospatch.web.launch.LaunchJobNotCreatedException;
import io.ospatch.web.launch.LaunchWorkerFullException;
import io.ospatch.web.runs.ReportNotWrittenException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The API's errors as {@code application/problem+json}, with the command line's messages: an unknown
 * cluster, node or run 404, a report not written 404, bad input 400 (a query parameter that is not a
 * number too), a cluster held by a run, a name already taken or a removal that would take a history
 * with it 409; a launch the server cannot run now 503 (its workers are taken, it is stopping, or this
 * machine cannot run Ansible rollouts: the server's state, not the request's, so the same request may
 * succeed later).
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
// before Spring MVC's own problem details, so that a parameter that is not a number reads as the CLI writes
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiProblems {

	@ExceptionHandler
	ProblemDetail unknownCluster(UnknownClusterException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown cluster", ex);
	}

	@ExceptionHandler
	ProblemDetail unknownRun(UnknownRunException ex) {
		return problem(HttpStatus.NOT_FOUND, "Unknown run", ex);
	}

	@ExceptionHandler
	ProblemDetail reportNotWritten(ReportNotWrittenException ex) {
		return problem(HttpStatus.NOT_FOUND, "Report not written", ex);
	}

	@ExceptionHandler
	ProblemDetail notAValue(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		boolean number = type != null && (Number.class.isAssignableFrom(type) || type == int.class || type == long.class);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getName() + " must be "
				+ (number ? "a whole number" : "a valid value") + ", not '" + InputRules.printable(String.valueOf(ex.getValue())) + "'");
		problem.setTitle("Bad input");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail status(ResponseStatusException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.getStatusCode(), ex.getReason());
		problem.setTitle(HttpStatus.valueOf(ex.getStatusCode().value()).getReasonPhrase());
		return problem;
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

	@ExceptionHandler
	ProblemDetail workerFull(LaunchWorkerFullException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cannot launch now", ex);
	}

	@ExceptionHandler
	ProblemDetail jobNotCreated(LaunchJobNotCreatedException ex) {
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
