package org.agora.deployment.reference;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.agora.deployment.description.ComponentPath;
import org.agora.deployment.description.Origin;

/**
 * An attribute whose text holds run-time references, kept as a template until deployment: its static
 * references are already replaced by their values, each remaining reference names a component (by
 * absolute path) and one of its kind's run-time attributes.
 */
public record LateBinding(ComponentPath referrer, String attribute, Origin origin, Template template) {

    /** The components whose run-time attributes this text needs, absolute. */
    public Set<ComponentPath> targets() {
        Set<ComponentPath> targets = new LinkedHashSet<>();
        for (Template.Reference reference : template.references()) {
            referrer.walk(reference.steps()).ifPresent(targets::add);
        }
        return targets;
    }

    /** The text with every reference replaced by what the deployed components report. */
    public String resolve(RunTimeAttributes known) throws LateBindingException {
        StringBuilder text = new StringBuilder();
        for (Template.Part part : template.parts()) {
            if (part instanceof Template.Text literal) {
                text.append(literal.text());
            } else {
                Template.Reference reference = (Template.Reference) part;
                ComponentPath target = referrer.walk(reference.steps()).orElseThrow();
                Optional<String> value = known.value(target, reference.attribute());
                if (value.isEmpty()) {
                    throw new LateBindingException(origin + ": " + referrer + "." + attribute + ": " + reference
                            + " is not known: " + target + " reported no " + reference.attribute());
                }
                text.append(value.get());
            }
        }
        return text.toString();
    }
}
