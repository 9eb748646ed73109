/**
 * WS-Security message signing for both sides of a call: a Timestamp and an X.509 signature over
 * Body and Timestamp on the way out; on the way in, a signature by a chain the grid validator
 * trusts (proxies included), inside the replay window, never seen before.
 */
package org.agora.transport.signing;
