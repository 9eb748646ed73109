/**
 * What a site allows one component to ask for: {@link org.agora.deployment.limits.SiteLimits}, the
 * seam the workspace service implements over its request limits, and the check run before anything
 * is deployed.
 */
package org.agora.deployment.limits;
