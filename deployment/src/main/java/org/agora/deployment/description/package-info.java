/**
 * The language's syntax and the component tree. HOCON (Typesafe Config) gives substitutions and
 * extension; {@link org.agora.deployment.description.DescriptionParser} turns the object under
 * {@code deployment} into {@link org.agora.deployment.description.Component}s. Problems are data
 * ({@link org.agora.deployment.description.Problem}: a stable code, the origin, the attribute, a
 * sentence), collected by every phase and thrown once.
 */
package org.agora.deployment.description;
