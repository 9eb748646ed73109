/** The key and trust managers, and SSL contexts, that every Agora process speaks TLS with. */
package org.agora.security.tls;
