package io.ospatch.rollout;

import javax.sql.DataSource;

import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.infrastructure.item.database.support.DataFieldMaxValueIncrementerFactory;
import org.springframework.batch.infrastructure.item.database.support.DefaultDataFieldMaxValueIncrementerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.MySQLMaxValueIncrementer;
import org.springframework.transaction.annotation.Isolation;

/**
 * The JDBC job repository over the application's database.
 *
 * <p>The metadata tables are created by Flyway from Spring Batch's MySQL script, on MySQL/MariaDB
 * and on the embedded H2 in MySQL mode alike, so the repository is told to use MySQL's id
 * incrementers on both (H2 in MySQL mode supports {@code LAST_INSERT_ID(expr)}); left to itself it
 * would look for H2 sequences that the MySQL script does not create.
 */
@Configuration(proxyBeanMethods = false)
class BatchInfrastructureConfiguration extends JdbcDefaultBatchConfiguration {

	@Override
	protected String getDatabaseType() {
		return "MYSQL";
	}

	/**
	 * Batch's MySQL incrementer takes a second pooled connection for every id while the creating
	 * transaction holds the first: clusters starting at once (more than half the pool) then wait on
	 * each other until the pool times out. Ids come from the creating transaction's own connection
	 * instead; that transaction is short, so holding the sequence row's lock until it commits costs
	 * nothing.
	 */
	@Override
	protected DataFieldMaxValueIncrementerFactory getIncrementerFactory() {
		DataSource dataSource = getDataSource();
		return new DefaultDataFieldMaxValueIncrementerFactory(dataSource) {

			@Override
			public DataFieldMaxValueIncrementer getIncrementer(String databaseType, String incrementerName) {
				DataFieldMaxValueIncrementer incrementer = super.getIncrementer(databaseType, incrementerName);
				if (incrementer instanceof MySQLMaxValueIncrementer mysql) {
					mysql.setUseNewConnection(false);
				}
				return incrementer;
			}

		};
	}

	/**
	 * Batch's default, SERIALIZABLE, guards against two launchers creating the same job instance.
	 * Here each instance is one cluster run, created only by the holder of the cluster's lease; and
	 * on InnoDB, SERIALIZABLE turns the instance lookup into shared gap locks that deadlock when
	 * clusters start in parallel.
	 */
	@Override
	protected Isolation getIsolationLevelForCreate() {
		return Isolation.READ_COMMITTED;
	}

}
