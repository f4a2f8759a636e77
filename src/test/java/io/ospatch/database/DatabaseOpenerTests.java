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
