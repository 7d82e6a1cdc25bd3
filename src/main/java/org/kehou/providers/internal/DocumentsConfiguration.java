package org.kehou.providers.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers' document storage (local disk under {@code kehou.providers.documents.directory}) and the {@code kehou.providers.*} settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ DocumentsProperties.class, org.kehou.providers.ProvidersProperties.class })
class DocumentsConfiguration {

	@Bean
	DocumentStorage documentStorage(DocumentsProperties properties) {
		return new LocalDiskDocumentStorage(properties.dir());
	}
}
