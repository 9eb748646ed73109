/**
 * Assembly of Agora's processes: {@code agora-server} (the SOAP services over one database),
 * {@code agora-adapter} (the node agent on a worker node) and the all-in-one demo that runs both
 * in one JVM on embedded defaults. Modules are wired together here and nowhere else.
 */
package org.agora.deploy;
