package io.ospatch.eks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.ErrorDetail;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.Update;
import software.amazon.awssdk.services.eks.model.UpdateParam;
import software.amazon.awssdk.services.eks.model.UpdateParamType;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import org.springframework.stereotype.Component;

/**
 * {@link EksNodegroups} through the AWS SDK for Java v2. Credentials, endpoints and retries are the SDK's
 * own: the default credentials provider chain, {@code AWS_ENDPOINT_URL_EKS} / {@code AWS_ENDPOINT_URL_SSM}
 * / {@code AWS_ENDPOINT_URL} (or the {@code aws.endpointUrl…} system properties), and the standard retry
 * strategy, which retries throttling and transient errors ({@code AWS_RETRY_MODE}, {@code AWS_MAX_ATTEMPTS}).
 * One pair of clients per region, kept while ospatch runs: an update is polled for up to an hour.
 */
@Component
class AwsEksNodegroups implements EksNodegroups, AutoCloseable {

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

	private final Map<String, EksClient> eksClients = new ConcurrentHashMap<>();

	private final Map<String, SsmClient> ssmClients = new ConcurrentHashMap<>();

	@Override
	public List<EksNodegroup> nodegroups(EksApi api) {
		List<String> names = api.allNodegroups() ? call(api, "ListNodegroups",
				() -> eks(api).listNodegroupsPaginator((request) -> request.clusterName(api.eksClusterName()))
					.nodegroups()
					.stream()
					.toList())
				: api.nodegroups();
		return names.stream().map((name) -> nodegroup(api, name)).toList();
	}

	@Override
	public EksNodegroup nodegroup(EksApi api, String nodegroup) {
		Nodegroup described = call(api, "DescribeNodegroup " + nodegroup, () -> eks(api)
			.describeNodegroup((request) -> request.clusterName(api.eksClusterName()).nodegroupName(nodegroup))
			.nodegroup());
		return new EksNodegroup(described.nodegroupName(), described.version(), described.amiTypeAsString(),
				described.releaseVersion(), described.statusAsString());
	}

	@Override
	public Optional<String> publicParameter(EksApi api, String name) {
		try {
			return Optional.of(call(api, "GetParameter " + name,
					() -> ssm(api).getParameter((request) -> request.name(name)).parameter().value()));
		}
		catch (EksApiException ex) {
			if (ex.getCause() instanceof ParameterNotFoundException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public String startUpdate(EksApi api, String nodegroup, String releaseVersion, boolean force,
			String clientRequestToken) {
		// No version: the node group keeps its Kubernetes version, only its AMI release changes.
		return call(api, "UpdateNodegroupVersion " + nodegroup, () -> eks(api)
			.updateNodegroupVersion((request) -> request.clusterName(api.eksClusterName())
				.nodegroupName(nodegroup)
				.releaseVersion(releaseVersion)
				.force(force)
				.clientRequestToken(clientRequestToken))
			.update()
			.id());
	}

	@Override
	public EksUpdate update(EksApi api, String nodegroup, String updateId) {
		Update update = call(api, "DescribeUpdate " + updateId, () -> eks(api)
			.describeUpdate((request) -> request.name(api.eksClusterName()).nodegroupName(nodegroup).updateId(updateId))
			.update());
		String releaseVersion = update.params()
			.stream()
			.filter((param) -> param.type() == UpdateParamType.RELEASE_VERSION)
			.map(UpdateParam::value)
			.findFirst()
			.orElse(null);
		List<EksUpdate.Error> errors = update.errors().stream().map(AwsEksNodegroups::error).toList();
		EksUpdate.Status status = EksUpdate.Status.of(update.statusAsString())
			.orElseThrow(() -> new EksApiException("DescribeUpdate " + updateId + " on " + api + " answered status "
					+ update.statusAsString() + ", unknown to ospatch", "UnknownUpdateStatus", null));
		return new EksUpdate(update.id(), status, releaseVersion, update.createdAt(), errors);
	}

	@Override
	public void close() {
		this.eksClients.values().forEach(EksClient::close);
		this.ssmClients.values().forEach(SsmClient::close);
	}

	private EksClient eks(EksApi api) {
		return this.eksClients.computeIfAbsent(api.region(), (region) -> EksClient.builder()
			.region(Region.of(region))
			.httpClientBuilder(httpClient())
			.build());
	}

	private SsmClient ssm(EksApi api) {
		return this.ssmClients.computeIfAbsent(api.region(), (region) -> SsmClient.builder()
			.region(Region.of(region))
			.httpClientBuilder(httpClient())
			.build());
	}

	private static UrlConnectionHttpClient.Builder httpClient() {
		return UrlConnectionHttpClient.builder().connectionTimeout(CONNECTION_TIMEOUT).socketTimeout(SOCKET_TIMEOUT);
	}

	private static EksUpdate.Error error(ErrorDetail detail) {
		return new EksUpdate.Error(detail.errorCodeAsString(), detail.errorMessage(), detail.resourceIds());
	}

	/** Runs one call, turning the SDK's exceptions into one that names the call and AWS's answer. */
	private static <T> T call(EksApi api, String what, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (AwsServiceException ex) {
			String code = ex.awsErrorDetails().errorCode();
			throw new EksApiException(what + " on " + api + " failed: " + code + ": "
					+ ex.awsErrorDetails().errorMessage() + " (HTTP " + ex.statusCode() + ")", code, ex);
		}
		catch (SdkException ex) {
			throw new EksApiException(what + " on " + api + " failed: " + ex.getMessage(),
					ex.getClass().getSimpleName(), ex);
		}
	}

}
