/**
 * Provides a cluster's nodes page: each node with its role, state, OS version and last patch (when,
 * which run, what it did), for the console and the API alike.
 */
package io.ospatch.web.nodes;
