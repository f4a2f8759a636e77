package io.ospatch.eks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod's IRSA credentials, the way the default chain gets them: the projected service-account token
 * ({@code AWS_WEB_IDENTITY_TOKEN_FILE}) exchanged at STS for the role {@code AWS_ROLE_ARN}. The SDK does this
 * only when its {@code sts} module is on the class path, over the one HTTP client ospatch ships.
 */
class WebIdentityCredentialsIntegrationTests {

	private final WireMockServer sts = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private Map<String, String> systemProperties;

	@BeforeEach
	void startSts(@TempDir Path dir) throws IOException {
		this.sts.start();
		Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.service-account.signature");
		this.systemProperties = Map.of("aws.webIdentityTokenFile", token.toString(), "aws.roleArn",
				"arn:aws:iam::111122223333:role/ospatch", "aws.roleSessionName", "ospatch", "aws.region", "eu-west-1",
				"aws.endpointUrlSts", this.sts.baseUrl());
		this.systemProperties.forEach(System::setProperty);
	}

	@AfterEach
	void stopSts() {
		this.systemProperties.keySet().forEach(System::clearProperty);
		this.sts.stop();
	}

	@Test
	void aServiceAccountTokenIsExchangedForTheRolesCredentials() {
		this.sts.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
					<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <AssumeRoleWithWebIdentityResult>
					    <SubjectFromWebIdentityToken>system:serviceaccount:ospatch:ospatch</SubjectFromWebIdentityToken>
					    <Audience>sts.amazonaws.com</Audience>
					    <AssumedRoleUser>
					      <Arn>arn:aws:sts::111122223333:assumed-role/ospatch/ospatch</Arn>
					      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:ospatch</AssumedRoleId>
					    </AssumedRoleUser>
					    <Credentials>
					      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
					      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
					      <Expiration>2099-01-01T00:00:00Z</Expiration>
					      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
					    </Credentials>
					    <Provider>sts.amazonaws.com</Provider>
					  </AssumeRoleWithWebIdentityResult>
					  <ResponseMetadata>
					    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
					  </ResponseMetadata>
					</AssumeRoleWithWebIdentityResponse>""")));

		AwsCredentials credentials;
		try (WebIdentityTokenFileCredentialsProvider provider = WebIdentityTokenFileCredentialsProvider.create()) {
			credentials = provider.resolveCredentials();
		}

		assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
		assertThat(credentials.accessKeyId()).isEqualTo("ASIAIOSFODNN7EXAMPLE");
		this.sts.verify(postRequestedFor(urlPathEqualTo("/"))
			.withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fospatch"))
			.withRequestBody(containing("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.service-account.signature")));
	}

}
