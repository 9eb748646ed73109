/**
 * SmartDomains deployment descriptions: from a file a user wrote to a plan the workspace service can
 * deploy. {@link org.agora.deployment.Descriptions} runs the phases (parse, resolve references, read
 * kinds, hold site limits, order) and either returns a
 * {@link org.agora.deployment.plan.DeploymentPlan} or throws one
 * {@link org.agora.deployment.description.DescriptionException} listing every problem found, each
 * naming the file, the line and the component attribute. Nothing here deploys, talks to a node or
 * knows a protocol; the language is described for users in docs/deployments.md.
 */
package org.agora.deployment;
