/**
 * Who is calling a SOAP endpoint, for every Agora service (the validated TLS peer or message
 * signer, relayed or not by a trusted compute element), and the interceptor that keeps limited
 * proxies to the operations that only read.
 */
package org.agora.security.soap;
