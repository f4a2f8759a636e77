package io.ospatch.eks;

/**
 * Compares AMI release versions of one AMI family: Amazon Linux {@code 1.31.0-20241024} (Kubernetes
 * patch version, build date), Bottlerocket {@code 1.47.0-6154605b} (OS version, commit). AWS's
 * recommended release can lag behind a node group that was given a newer one; such a node group is
 * current, never "updated" backwards (AWS refuses to roll back anyway).
 */
final class ReleaseVersions {

	private ReleaseVersions() {
	}

	/** Whether {@code current} is {@code latest} or newer; releases that cannot be ordered count as different. */
	static boolean atLeast(String current, String latest) {
		if (current == null) {
			return false;
		}
		if (current.equals(latest)) {
			return true;
		}
		String[] currentParts = current.split("-", 2);
		String[] latestParts = latest.split("-", 2);
		int byVersion = compareNumbers(currentParts[0], latestParts[0]);
		if (byVersion != 0) {
			return byVersion > 0;
		}
		if (currentParts.length == 2 && latestParts.length == 2 && currentParts[1].matches("\\d+")
				&& latestParts[1].matches("\\d+")) {
			return compareNumbers(currentParts[1], latestParts[1]) >= 0;
		}
		return false;
	}

	/** Compares dotted numbers ({@code 1.31.0}); a part that is not a number compares as 0. */
	private static int compareNumbers(String left, String right) {
		String[] leftParts = left.split("\\.");
		String[] rightParts = right.split("\\.");
		for (int i = 0; i < Math.max(leftParts.length, rightParts.length); i++) {
			long l = (i < leftParts.length) ? number(leftParts[i]) : 0;
			long r = (i < rightParts.length) ? number(rightParts[i]) : 0;
			if (l != r) {
				return Long.compare(l, r);
			}
		}
		return 0;
	}

	private static long number(String part) {
		try {
			return Long.parseLong(part);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
