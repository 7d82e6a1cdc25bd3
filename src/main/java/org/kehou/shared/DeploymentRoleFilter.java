package org.kehou.shared;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * Component-scan filter: leaves out every class of a module whose {@code package-info} carries a
 * {@link PlatformRole} that the running {@code kehou.role} does not include.
 */
public class DeploymentRoleFilter implements TypeFilter, EnvironmentAware {

	private static final String ROOT = "org.kehou.";

	private DeploymentRole running = DeploymentRole.ALL;

	private final Map<String, DeploymentRole> moduleRoles = new ConcurrentHashMap<>();

	@Override
	public void setEnvironment(Environment environment) {
		running = DeploymentRole.parse(environment.getProperty(DeploymentRole.PROPERTY, "all"));
	}

	@Override
	public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
		String className = reader.getClassMetadata().getClassName();
		if (!className.startsWith(ROOT)) {
			return false;
		}
		String rest = className.substring(ROOT.length());
		int dot = rest.indexOf('.');
		if (dot < 0) {
			return false;
		}
		String module = rest.substring(0, dot);
		DeploymentRole moduleRole = moduleRoles.computeIfAbsent(module, m -> roleOf(m, factory));
		return !running.runs(moduleRole);
	}

	private static DeploymentRole roleOf(String module, MetadataReaderFactory factory) {
		try {
			MetadataReader info = factory.getMetadataReader(ROOT + module + ".package-info");
			var attributes = info.getAnnotationMetadata().getAnnotationAttributes(PlatformRole.class.getName());
			return attributes == null ? DeploymentRole.ALL : (DeploymentRole) attributes.get("value");
		}
		catch (IOException e) {
			return DeploymentRole.ALL;
		}
	}
}
