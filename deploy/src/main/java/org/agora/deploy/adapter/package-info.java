/**
 * The {@code agora-adapter} process: the site adapter's node endpoint published over mutual TLS
 * with the node's host certificate, obeying only the configured workspace-service DNs.
 */
package org.agora.deploy.adapter;
