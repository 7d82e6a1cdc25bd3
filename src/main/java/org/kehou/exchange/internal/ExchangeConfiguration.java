package org.kehou.exchange.internal;

import org.kehou.exchange.Pseudonyms;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@EnableConfigurationProperties(ExchangeProperties.class)
@Configuration(proxyBeanMethods = false)
class ExchangeConfiguration {

	@Bean
	Pseudonyms pseudonyms(ExchangeProperties properties) {
		return new Pseudonyms(properties.pseudonymKey());
	}
}
