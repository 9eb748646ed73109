/**
 * Which node a new workspace goes to. A {@link org.agora.workspace.placement.PlacementPolicy}
 * sees every usable node with its capacity and what is already allocated there, and picks one
 * that fits or none; it never over-commits a node.
 */
package org.agora.workspace.placement;
