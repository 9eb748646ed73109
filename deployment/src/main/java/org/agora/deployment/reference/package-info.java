/**
 * {@code @{path/attribute}} references, relative to the component that holds them. Static ones
 * (to attributes written in the description) are replaced when the description is read; late-bound
 * ones (to a kind's run-time attributes, such as a domain's address) stay
 * {@link org.agora.deployment.reference.LateBinding}s, resolved at deployment time against
 * {@link org.agora.deployment.reference.RunTimeAttributes}.
 */
package org.agora.deployment.reference;
