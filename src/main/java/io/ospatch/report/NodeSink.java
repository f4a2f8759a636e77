package io.ospatch.report;

import io.ospatch.run.NodeEvent;

/**
 * Takes a report's nodes one at a time, as they are read, then its node events in time order;
 * {@link #close} ends the file's structure.
 */
interface NodeSink extends AutoCloseable {

	void accept(ReportNode node);

	/** After every node: one of the run's node events, in time order. A file without them ignores it. */
	default void accept(NodeEvent event) {
	}

	@Override
	void close();

}
