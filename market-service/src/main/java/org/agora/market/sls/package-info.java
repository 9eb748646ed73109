/**
 * The service location service (SLS): hosts from any site register and heartbeat with their
 * capacity, hypervisor and architecture; clients ask for hosts ranked by price (the sum of the bid
 * rates on a host per vCPU), filtered by what their workspace needs.
 */
package org.agora.market.sls;
