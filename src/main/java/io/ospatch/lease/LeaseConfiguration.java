package io.ospatch.lease;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The identity this process signs its leases with. */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProcessIdentity processIdentity() {
		return ProcessIdentity.current();
	}

}
