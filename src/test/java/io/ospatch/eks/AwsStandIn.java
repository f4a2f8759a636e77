package io.ospatch.eks;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The EKS and SSM APIs on a random port, answering as AWS documents it (EKS: REST/JSON; SSM: awsJson1_1),
 * reached the way an operator reaches a private endpoint: the SDK's {@code aws.endpointUrlEks} and
 * {@code aws.endpointUrlSsm} system properties. The credentials are fake, through the SDK's system properties.
 */
public final class AwsStandIn implements AutoCloseable {

	public static final String CLUSTER = "prod";

	static final EksApi API = new EksApi(CLUSTER, "eu-west-1", List.of());

	static final String FAKE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";

	private static final Map<String, String> SYSTEM_PROPERTIES = Map.of("aws.accessKeyId", FAKE_ACCESS_KEY,
			"aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

	public final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	public AwsStandIn() {
		this.server.start();
		SYSTEM_PROPERTIES.forEach(System::setProperty);
		System.setProperty("aws.endpointUrlEks", this.server.baseUrl());
		System.setProperty("aws.endpointUrlSsm", this.server.baseUrl());
	}

	@Override
	public void close() {
		SYSTEM_PROPERTIES.keySet().forEach(System::clearProperty);
		System.clearProperty("aws.endpointUrlEks");
		System.clearProperty("aws.endpointUrlSsm");
		this.server.stop();
	}

	public void reset() {
		this.server.resetAll();
	}

	// --- EKS ---------------------------------------------------------------------------------------

	public void nodegroups(String... names) {
		this.server.stubFor(get(urlPathEqualTo("/clusters/" + CLUSTER + "/node-groups"))
			.willReturn(json(200, "{\"nodegroups\": [" + quoted(names) + "], \"nextToken\": null}")));
	}

	public void nodegroup(String name, String amiType, String releaseVersion) {
		nodegroup(name, amiType, releaseVersion, "ACTIVE", "");
	}

	/** A node group deployed from a launch template that names an image: EKS calls it CUSTOM, its release is the image. */
	public void customAmiNodegroup(String name) {
		nodegroup(name, "CUSTOM", "ami-0123456789abcdef0", "ACTIVE",
				", \"launchTemplate\": {\"name\": \"ng-custom\", \"version\": \"3\", \"id\": \"lt-0a1b2c3d4e5f67890\"}");
	}

	public void nodegroup(String name, String amiType, String releaseVersion, String status, String more) {
		this.server.stubFor(get(urlPathEqualTo("/clusters/" + CLUSTER + "/node-groups/" + name)).willReturn(json(200, """
				{"nodegroup": {
				  "nodegroupName": "%1$s",
				  "nodegroupArn": "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/%1$s/a8c75f2f-df78-a72f-4063-4b69af3de5b1",
				  "clusterName": "prod",
				  "version": "1.31",
				  "releaseVersion": "%3$s",
				  "createdAt": 1730000000.123,
				  "modifiedAt": 1731000000.456,
				  "status": "%4$s",
				  "capacityType": "ON_DEMAND",
				  "scalingConfig": {"minSize": 1, "maxSize": 4, "desiredSize": 2},
				  "instanceTypes": ["m5.large"],
				  "subnets": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
				  "amiType": "%2$s",
				  "nodeRole": "arn:aws:iam::111122223333:role/eks-node",
				  "labels": {},
				  "resources": {"autoScalingGroups": [{"name": "eks-%1$s-a8c75f2f"}]},
				  "health": {"issues": []},
				  "updateConfig": {"maxUnavailable": 1},
				  "tags": {}%5$s
				}}""".formatted(name, amiType, releaseVersion, status, more))));
	}

	public void startsUpdate(String nodegroup, String updateId, String release) {
		this.server.stubFor(updateVersion(nodegroup).willReturn(json(200, update(updateId, "InProgress", release, ""))));
	}

	public static MappingBuilder updateVersion(String nodegroup) {
		return post(urlPathEqualTo("/clusters/" + CLUSTER + "/node-groups/" + nodegroup + "/update-version"));
	}

	/** DescribeUpdate answers each of the statuses in turn, then the last one again. */
	public void updateGoes(String updateId, String release, String errors, String... statuses) {
		for (int i = 0; i < statuses.length; i++) {
			ScenarioMappingBuilder describe = describeUpdate(updateId).inScenario("update " + updateId)
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "poll " + i);
			boolean last = i == statuses.length - 1;
			if (!last) {
				describe = describe.willSetStateTo("poll " + (i + 1));
			}
			this.server.stubFor(describe.willReturn(json(200, update(updateId, statuses[i], release, last ? errors : ""))));
		}
	}

	public static MappingBuilder describeUpdate(String updateId) {
		return get(urlPathEqualTo("/clusters/" + CLUSTER + "/updates/" + updateId));
	}

	public static String update(String id, String status, String release, String errors) {
		return """
				{"update": {
				  "id": "%s",
				  "status": "%s",
				  "type": "VersionUpdate",
				  "params": [{"type": "Version", "value": "1.31"}, {"type": "ReleaseVersion", "value": "%s"}],
				  "createdAt": 1732600000.789,
				  "errors": [%s]
				}}""".formatted(id, status, release, errors);
	}

	public static String error(String code, String message, String... resourceIds) {
		return "{\"errorCode\": \"%s\", \"errorMessage\": \"%s\", \"resourceIds\": [%s]}".formatted(code, message,
				quoted(resourceIds));
	}

	/** An EKS error as its REST/JSON protocol sends it: the code in {@code x-amzn-ErrorType}, a message in the body. */
	public static ResponseDefinitionBuilder eksError(int status, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-ErrorType", code)
			.withHeader("x-amzn-RequestId", "5f9b2c1e-0000-4000-8000-000000000000")
			.withBody("{\"message\": \"" + message + "\"}");
	}

	// --- SSM ---------------------------------------------------------------------------------------

	public void parameter(String name, String value) {
		this.server.stubFor(getParameter(name).willReturn(json(200, """
				{"Parameter": {
				  "Name": "%1$s",
				  "Type": "String",
				  "Value": "%2$s",
				  "Version": 42,
				  "LastModifiedDate": 1732500000.0,
				  "ARN": "arn:aws:ssm:eu-west-1::parameter%1$s",
				  "DataType": "text"
				}}""".formatted(name, value)).withHeader("Content-Type", "application/x-amz-json-1.1")));
	}

	public void noParameter(String name) {
		this.server.stubFor(getParameter(name).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody("{\"__type\": \"ParameterNotFound\"}")));
	}

	public static MappingBuilder getParameter(String name) {
		return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
			.withRequestBody(equalToJson("{\"Name\": \"" + name + "\"}"));
	}

	// --- what was asked ----------------------------------------------------------------------------

	public List<LoggedRequest> updateVersionRequests() {
		return this.server.findAll(postRequestedFor(urlPathMatching("/clusters/.*/node-groups/.*/update-version")));
	}

	public List<LoggedRequest> describeUpdateRequests() {
		return this.server.findAll(getRequestedFor(urlPathMatching("/clusters/.*/updates/.*")));
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static String quoted(String... values) {
		return String.join(", ", java.util.Arrays.stream(values).map((value) -> "\"" + value + "\"").toList());
	}

}
