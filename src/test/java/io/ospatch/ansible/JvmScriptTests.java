package io.ospatch.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Python runs a playbook run's supervisor: the one ansible-playbook's own script names. */
class JvmScriptTests {

	@TempDir
	Path temp;

	@Test
	void interpreterOfAnAnsibleScriptIsTheOneItsHashBangLineNames() throws IOException {
		Path python = executable("python3.11", "");
		Path ansible = executable("ansible-playbook", "#! " + python + "\nfrom ansible.cli.playbook import main\n");

		assertThat(JvmScript.interpreterOf(ansible.toString())).isEqualTo(python.toString());
	}

	@Test
	void interpreterIsPython3ForAnythingElse() throws IOException {
		Path bash = executable("bash-script", "#!/bin/bash\nexit 0\n");
		Path viaEnv = executable("env-script", "#!/usr/bin/env python3\n");
		Path relative = executable("relative-script", "#!python3\n");
		Path binary = executable("binary", "\u007fELF");

		assertThat(JvmScript.interpreterOf(bash.toString())).isEqualTo("python3");
		assertThat(JvmScript.interpreterOf(viaEnv.toString())).isEqualTo("python3");
		assertThat(JvmScript.interpreterOf(relative.toString())).isEqualTo("python3");
		assertThat(JvmScript.interpreterOf(binary.toString())).isEqualTo("python3");
		assertThat(JvmScript.interpreterOf(this.temp.resolve("missing").toString())).isEqualTo("python3");
		assertThat(JvmScript.interpreterOf("no-such-command-on-the-path")).isEqualTo("python3");
	}

	@Test
	void aNameIsLookedUpOnThePath() {
		String onPath = JvmScript.interpreterOf("ansible-playbook");

		assertThat(onPath).satisfiesAnyOf((interpreter) -> assertThat(interpreter).isEqualTo("python3"),
				(interpreter) -> assertThat(Path.of(interpreter)).isAbsolute().isExecutable());
		assertThat(Path.of(onPath).getFileName().toString()).startsWith("python3");
	}

	private Path executable(String name, String content) throws IOException {
		Path file = this.temp.resolve(name);
		Files.writeString(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
		return file;
	}

}
