/**
 * The kinds seam: {@link org.agora.deployment.kind.ComponentKind}, the small interface a kind
 * implements (SmartFrog's sfClass), found through {@link java.util.ServiceLoader} by
 * {@link org.agora.deployment.kind.KindRegistry}; {@link org.agora.deployment.kind.ComponentAttributes},
 * the typed reading that reports instead of throwing; {@link org.agora.deployment.kind.KindCheck},
 * which maps each component to its kind. Agora's own kinds live in {@code components}.
 */
package org.agora.deployment.kind;
