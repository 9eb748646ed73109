package org.agora.workspace.lifecycle;

import org.agora.workspace.model.Workspace;

/** A workspace whose disk was saved, and the image name it was saved under. */
public record SavedImage(Workspace workspace, String image) {
}
