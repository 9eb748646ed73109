/**
 * A small certificate authority for demos and tests: it issues host and user certificates and lays
 * itself out in a grid certificates directory, so every test runs on real, freshly made X.509.
 */
package org.agora.security.ca;
