package org.agora.deployment.reference;

/**
 * A run-time reference whose target does not (yet) know the attribute: the component it refers to is
 * not Ready, or its kind could not learn it (a domain without a network). The referring component is
 * not deployed; the deployment fails with this sentence.
 */
public class LateBindingException extends Exception {

    public LateBindingException(String message) {
        super(message);
    }
}
