package io.ospatch.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.stereotype.Component;

/**
 * Where the fleet is kept, for the operator: the database's URL without settings or credentials,
 * an embedded database's path absolute ({@code jdbc:h2:file:/root/.ospatch/data/ospatch}).
 */
@Component
public class DatabaseLocation {

	private final String description;

	DatabaseLocation(DataSource dataSource) {
		this.description = DatabaseOpener
			.describe((dataSource instanceof HikariDataSource hikari) ? hikari.getJdbcUrl() : null);
	}

	@Override
	public String toString() {
		return this.description;
	}

}
