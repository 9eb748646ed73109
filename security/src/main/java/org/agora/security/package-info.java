/**
 * Grid security as Agora's users already live it: X.509 certificates from a grid CA directory,
 * RFC 3820 and legacy Globus proxy certificates, identities in the slash form grid-mapfiles use,
 * and the TLS material every Agora process presents and checks.
 */
package org.agora.security;
