/** Who is calling: the end-entity subject of a validated chain, and what kind of proxy it came through. */
package org.agora.security.identity;
