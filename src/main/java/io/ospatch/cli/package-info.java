/**
 * Provides the {@code ospatch} command line: commands and their options, argument checks, output
 * and the exit codes that Kubernetes Jobs and scripts read.
 *
 * <p>Spring starts only once a command runs, so {@code --help} and usage errors are instant and
 * touch no database.
 */
package io.ospatch.cli;
