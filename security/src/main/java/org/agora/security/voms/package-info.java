/**
 * VOMS attributes: FQANs read from the attribute certificates in a proxy and trusted only when
 * verified against the site's vomsdir ({@code <vo>/<host>.lsc}), with the VOMS project's own library.
 */
package org.agora.security.voms;
