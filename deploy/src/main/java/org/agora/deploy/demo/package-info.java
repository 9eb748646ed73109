/**
 * The all-in-one demo: a development CA and credentials, an adapter on libvirt's test driver and
 * the server on embedded MariaDB, in one JVM, configured through the same files and schemas a site
 * uses in production.
 */
package org.agora.deploy.demo;
