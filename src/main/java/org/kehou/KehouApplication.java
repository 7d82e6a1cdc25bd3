package org.kehou;

import org.kehou.shared.DeploymentRoleFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Kehou (课后): one jar, three deployment roles ({@code kehou.role} = service | supervision | all).
 * <p>
 * This is {@code @SpringBootApplication} spelled out, plus {@link DeploymentRoleFilter}: a module whose
 * {@code package-info} declares a {@link org.kehou.shared.PlatformRole} that the running role does not include
 * is not scanned, so none of its beans, pages or endpoints start. (Hence no {@code @ConfigurationPropertiesScan}:
 * each module enables its own properties records with {@code @EnableConfigurationProperties}.)
 */
@Modulithic(systemName = "Kehou", sharedModules = "shared")
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@ComponentScan(excludeFilters = {
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = DeploymentRoleFilter.class) })
public class KehouApplication {

	public static void main(String[] args) {
		SpringApplication.run(KehouApplication.class, args);
	}
}
