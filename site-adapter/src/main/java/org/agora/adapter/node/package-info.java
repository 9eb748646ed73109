/** The node service: the site adapter's SOAP contract, as the workspace service calls it. */
package org.agora.adapter.node;
