/**
 * Opening the database: the embedded default's directory made owner-only before H2 writes to it,
 * and one clear failure, naming the database, when it cannot be opened.
 */
package io.ospatch.database;
