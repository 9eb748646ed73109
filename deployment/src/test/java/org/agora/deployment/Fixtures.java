package org.agora.deployment;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.DescriptionException;
import org.agora.deployment.description.Problem;
import org.agora.deployment.kind.KindRegistry;
import org.agora.deployment.limits.SiteLimits;
import org.agora.deployment.plan.DeploymentPlan;
import org.agora.deployment.reference.RunTimeAttributes;

/** What the tests share: the installed kinds, a small site, and descriptions read from text. */
final class Fixtures {

    /** A site like the demo's: up to 4 vcpus, 4 GiB of memory and 20 GiB of disk per member. */
    static final SiteLimits SMALL_SITE = (kind, attribute) -> switch (kind + "." + attribute) {
        case "domain.vcpus" -> Optional.of(new SiteLimits.Range(1, 4, "vcpus"));
        case "domain.memory" -> Optional.of(new SiteLimits.Range(64, 4096, "MiB"));
        case "storage.disk" -> Optional.of(new SiteLimits.Range(1, 20480, "MiB"));
        default -> Optional.empty();
    };

    static final Descriptions DESCRIPTIONS = new Descriptions(KindRegistry.installed(), SMALL_SITE);

    private Fixtures() {
    }

    static DeploymentPlan plan(String text) throws DescriptionException {
        return DESCRIPTIONS.plan("test.conf", text);
    }

    static List<Problem> problems(String text) {
        return assertThrows(DescriptionException.class, () -> plan(text)).problems();
    }

    static ComponentPath path(String written) {
        return new ComponentPath(List.of(written.split("/")));
    }

    /** What the service would report of running domains: a map filled by the test. */
    static final class Reported implements RunTimeAttributes {
        private final Map<String, String> values = new HashMap<>();

        Reported with(String component, String attribute, String value) {
            values.put(component + "." + attribute, value);
            return this;
        }

        @Override
        public Optional<String> value(ComponentPath component, String attribute) {
            return Optional.ofNullable(values.get(component + "." + attribute));
        }
    }
}
