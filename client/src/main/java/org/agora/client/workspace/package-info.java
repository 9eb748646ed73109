/**
 * Calling the workspace service: create, status, list and destroy, with EPRs carrying the
 * workspace key, and every failure turned into one exception that says what happened.
 */
package org.agora.client.workspace;
