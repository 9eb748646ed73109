/**
 * Accounting: a usage record per workspace (who, when, wall and CPU time, charge) and its exports,
 * OGF Usage Record 1.0 XML and APEL cloud messages.
 */
package org.agora.workspace.accounting;
