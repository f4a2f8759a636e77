package io.ospatch.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (unknown when run from classes). */
class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = OspatchCommand.class.getPackage().getImplementationVersion();
		return new String[] { "ospatch " + ((version != null) ? version : "(development build)") };
	}

}
