/**
 * The deployment plan: components in creation order (parents first, {@code after} honoured, circles
 * refused), every late-bound reference proven to target a component Ready in time, and the domains
 * as {@link org.agora.deployment.plan.MemberRequest}s for the workspace service.
 */
package org.agora.deployment.plan;
