package io.ospatch.web.api;

import java.util.List;

import io.ospatch.web.api.RunResource.NodeEventResource;
import io.ospatch.web.api.RunResource.RunEventResource;

/**
 * A run's events: those of the run and every node event, each in the order they happened.
 *
 * @param runId the run
 * @param events what happened to the run ({@code started}, {@code ended}, …)
 * @param nodeEvents what happened to its nodes ({@code cordoned}, {@code drained}, {@code rebooted}, …):
 * read from the database a page at a time as the response is written (a large run has tens of thousands)
 */
public record RunEventsResource(long runId, List<RunEventResource> events, Iterable<NodeEventResource> nodeEvents) {

}
