/** The workspace service's domain types: what a user asks for and what a workspace is. */
package org.agora.workspace.model;
