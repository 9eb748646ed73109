/**
 * The kinds Agora ships: {@code domain} (a virtual machine, a workspace once deployed), {@code storage}
 * (its disk) and {@code compound} (a parent deciding what happens when a child dies), each a
 * {@link org.agora.deployment.kind.ComponentKind} with the record its components are read into.
 */
package org.agora.deployment.components;
