package org.kehou.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of the JSON API (/v3/api-docs, Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	@Bean
	OpenAPI kehouOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Kehou 课后 API")
				.version("v1")
				.description("""
						The JSON API of a Kehou service platform. Sign in with HTTP Basic (username or mobile number and \
						password) or a browser session. Every call is limited to the caller's scope (city ⊃ town ⊃ school; \
						guardians: their own children): ids outside it answer 404. Errors are Problem Details (RFC 9457).""")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes("basic",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}
}
