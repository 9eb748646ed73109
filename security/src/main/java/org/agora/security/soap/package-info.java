/** Who is calling a SOAP endpoint, for every Agora service: the validated TLS peer or message signer. */
package org.agora.security.soap;
