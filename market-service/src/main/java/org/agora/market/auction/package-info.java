/**
 * Per-host auctioneers: each workspace's CPU share is its bid rate over the sum of rates on the
 * host, and shares become the hypervisor's scheduler weights.
 */
package org.agora.market.auction;
