package org.kehou.demo.internal;

import java.util.List;
import java.util.Set;

import org.kehou.demo.DemoProperties;
import org.kehou.identity.DemoAccount;
import org.kehou.identity.NavigationItem;
import org.kehou.identity.OneTimeCodeDisplay;
import org.kehou.identity.Role;
import org.kehou.platform.DatabaseProperties;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * In demo mode (see {@link DemoProperties#enabled()}): one {@link DemoAccount} bean per demo account, which the login
 * page lists, the console menu entry of the generator page, and (unless {@code kehou.demo.show-codes=false}) the
 * permission to show one-time sign-in codes on the page.
 */
@EnableConfigurationProperties(DemoProperties.class)
@Configuration(proxyBeanMethods = false)
@Import(DemoConfiguration.DemoBeans.class)
class DemoConfiguration {

	static final class DemoBeans implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment env) {
			if (!enabled(env)) {
				return;
			}
			List<DemoAccount> accounts = DemoLogins.all();
			for (int i = 0; i < accounts.size(); i++) {
				DemoAccount account = accounts.get(i);
				int order = i;
				registry.registerBean("demoAccount." + account.login(), DemoAccount.class,
						spec -> spec.order(order).supplier(context -> account));
			}
			boolean showCodes = Binder.get(env).bindOrCreate("kehou.demo", DemoProperties.class).showCodes();
			registry.registerBean("demoCodeDisplay", OneTimeCodeDisplay.class,
					spec -> spec.supplier(context -> () -> showCodes));
			registry.registerBean("demoNavigation", NavigationItem.class,
					spec -> spec.supplier(context -> new NavigationItem("nav.section.organisation", "demo.nav",
							"/console/demo", Set.of(Role.CITY_ADMIN), 900)));
		}

		/** The same rule as {@link DemoProperties#isEnabled(DatabaseProperties)}, read before beans exist. */
		static boolean enabled(Environment env) {
			Binder binder = Binder.get(env);
			DemoProperties demo = binder.bindOrCreate("kehou.demo", DemoProperties.class);
			DatabaseProperties database = binder.bindOrCreate("kehou.database", DatabaseProperties.class);
			return demo.isEnabled(database);
		}
	}
}
