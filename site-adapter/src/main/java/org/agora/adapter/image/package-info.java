/**
 * The node's image cache: images fetched by URI (file, http, https), verified against their
 * sha256, stored once per content, shared between workspaces, decompressed on the way in (gzip,
 * xz), and evicted least-recently-used within a size limit, never while a workspace holds them.
 */
package org.agora.adapter.image;
