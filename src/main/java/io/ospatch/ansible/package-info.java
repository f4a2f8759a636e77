/**
 * Runs {@code ansible-playbook} on a group of nodes and tells what happened on each one: writes a
 * private inventory for exactly those nodes, runs the playbook through Commons Exec under a
 * watchdog, and reads the json callback's report ({@code stats} and the {@code ospatch} custom
 * stats of the playbook contract) into one {@link io.ospatch.ansible.HostOutcome} per node.
 * <p>
 * Nothing a run starts outlives ospatch: ansible-playbook runs under a supervisor that ends its
 * whole process tree when ospatch dies or stops the run, and
 * {@link io.ospatch.ansible.AnsibleLeftovers} cleans up after ospatch processes that died anyway.
 * <p>
 * {@link io.ospatch.ansible.PlaybookRunner} is the seam the rollout is tested against. Nothing here
 * knows Spring Batch; only {@link io.ospatch.ansible.AnsibleProperties} knows Spring at all.
 */
package io.ospatch.ansible;
