/**
 * Provides the fleet: clusters, their nodes and their patch settings, validated on the way in and
 * kept in the database.
 *
 * <p>Everything an operator hands in (names, addresses, keys, inventory variables) is checked here,
 * because these values end up in Ansible inventories and SSH command lines.
 */
package io.ospatch.cluster;
