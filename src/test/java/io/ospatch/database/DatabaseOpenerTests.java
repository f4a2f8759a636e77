package io.ospatch.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseOpenerTests {

	@TempDir
	Path temp;

	@Test
	void embeddedDatabaseDirectoryIsCreatedOwnerOnlyAndTheDatabaseOpens() throws Exception {
		Path dir = this.temp.resolve("data");
		try (HikariDataSource dataSource = h2("jdbc:h2:file:" + dir.resolve("ospatch") + ";MODE=MySQL;AUTO_SERVER=TRUE")) {

			new DatabaseOpener().postProcessAfterInitialization(dataSource, "dataSource");

			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
			assertThat(dir.resolve("ospatch.mv.db")).exists();
		}
	}

	@Test
	void embeddedDatabaseFilesAreOwnerOnly() throws Exception {
		Path dir = this.temp.resolve("data");
		try (HikariDataSource dataSource = h2("jdbc:h2:file:" + dir.resolve("ospatch") + ";MODE=MySQL;AUTO_SERVER=TRUE")) {

			new DatabaseOpener().postProcessAfterInitialization(dataSource, "dataSource");

			try (var files = Files.list(dir)) {
				assertThat(files).as("the database file and the lock file holding AUTO_SERVER's key")
					.extracting((file) -> file.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
					.contains("ospatch.mv.db rw-------", "ospatch.lock.db rw-------")
					.allSatisfy((line) -> assertThat(line).endsWith(" rw-------"));
			}
		}
	}

	@Test
	void filesOfAnExistingDatabaseAreMadeOwnerOnly() throws Exception {
		Path database = ospatchDatabase("data");
		Path file = this.temp.resolve("data/ospatch.mv.db");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		try (HikariDataSource dataSource = h2("jdbc:h2:file:" + database + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE")) {
			new DatabaseOpener().postProcessAfterInitialization(dataSource, "dataSource");
		}

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void truncatedDatabaseFileIsRefusedNamingItAndLeftAsItWas() throws Exception {
		Path database = ospatchDatabase("data");
		Path file = this.temp.resolve("data/ospatch.mv.db");
		byte[] whole = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 3));

		assertRefusedAndUnchanged(database, file);
	}

	@Test
	void databaseFileOfRandomBytesIsRefusedNamingIt() throws Exception {
		Path database = this.temp.resolve("data/ospatch");
		Files.createDirectories(database.getParent());
		byte[] noise = new byte[64 * 1024];
		new java.util.Random(42).nextBytes(noise);
		Path file = Files.write(this.temp.resolve("data/ospatch.mv.db"), noise);

		assertRefusedAndUnchanged(database, file);
	}

	@Test
	void databaseWithoutOspatchSchemaIsRefusedNotMigrated() throws Exception {
		Path database = this.temp.resolve("data/ospatch");
		try (HikariDataSource other = h2("jdbc:h2:file:" + database + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
				var connection = other.getConnection();
				var statement = connection.createStatement()) {
			statement.execute("create table something_else (id int)");
		}
		Path file = this.temp.resolve("data/ospatch.mv.db");

		assertRefusedAndUnchanged(database, file);
	}

	private void assertRefusedAndUnchanged(Path database, Path file) throws Exception {
		byte[] before = Files.readAllBytes(file);
		try (HikariDataSource dataSource = h2("jdbc:h2:file:" + database + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE")) {

			assertThatExceptionOfType(DatabaseUnavailableException.class)
				.isThrownBy(() -> new DatabaseOpener().postProcessAfterInitialization(dataSource, "dataSource"))
				.withMessageContaining("the database file " + file)
				.withMessageContaining("restore it from a backup, or move it away to start afresh")
				.withMessageNotContaining("\n");
		}
		assertThat(java.util.Arrays.equals(Files.readAllBytes(file), before)).as("the damaged file is left as it was")
			.isTrue();
	}

	/** A closed H2 database with ospatch's schema history table, as a previous run leaves it. */
	private Path ospatchDatabase(String dirName) throws Exception {
		Path database = this.temp.resolve(dirName).resolve("ospatch");
		try (HikariDataSource dataSource = h2("jdbc:h2:file:" + database + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
				var connection = dataSource.getConnection();
				var statement = connection.createStatement()) {
			statement.execute("create table flyway_schema_history (installed_rank int primary key, version varchar(50))");
			statement.execute("create table cluster (id bigint primary key, name varchar(63), filler varchar(4000))");
			for (int i = 0; i < 200; i++) {
				statement.execute("insert into cluster values (" + i + ", 'c-" + i + "', repeat('x', 2000))");
			}
		}
		return database;
	}

	@Test
	void existingDirectoryKeepsItsPermissions() throws Exception {
		Path dir = Files.createDirectory(this.temp.resolve("shared"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));

		DatabaseOpener.prepareDirectory("jdbc:h2:file:" + dir.resolve("ospatch"));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-x---");
	}

	@Test
	void directoryThatCannotBeCreatedFailsWithOneLineNamingTheDatabase() throws Exception {
		Path file = Files.writeString(this.temp.resolve("a-file"), "");

		assertThatExceptionOfType(DatabaseUnavailableException.class)
			.isThrownBy(() -> DatabaseOpener.prepareDirectory("jdbc:h2:file:" + file.resolve("data/ospatch") + ";MODE=MySQL"))
			.withMessageStartingWith("cannot open the database jdbc:h2:file:" + file.resolve("data/ospatch")
					+ ": cannot create its directory " + file.resolve("data"))
			.withMessageNotContaining("\n");
	}

	@Test
	void unreachableServerFailsWithTheDriversReasonAndNoCredentials() {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:mysql://someone:secret@127.0.0.1:1/x?password=secret");

			assertThatExceptionOfType(DatabaseUnavailableException.class)
				.isThrownBy(() -> new DatabaseOpener().postProcessAfterInitialization(dataSource, "dataSource"))
				.withMessage("cannot open the database jdbc:mysql://127.0.0.1:1/x: Connection refused");
		}
	}

	@Test
	void otherBeansPassUntouched() {
		Object bean = new Object();

		assertThat(new DatabaseOpener().postProcessAfterInitialization(bean, "other")).isSameAs(bean);
	}

	private static HikariDataSource h2(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername("sa");
		return dataSource;
	}

}
