/**
 * The site adapter: the only Agora code that touches a worker node. It turns the node contract's
 * requests into storage preparation and libvirt domains, and reports what libvirt really runs.
 */
package org.agora.adapter;
