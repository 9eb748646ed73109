/** Statements signed as CMS SignedData with a grid credential, verifiable offline. */
package org.agora.security.cms;
