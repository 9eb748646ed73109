package org.agora.deployment.description;

import com.typesafe.config.ConfigOrigin;

/** Where something was written: the description file (as the user named it) and the line, 1-based; 0 if unknown. */
public record Origin(String file, int line) {

    public static Origin of(ConfigOrigin origin, String fallbackFile) {
        if (origin == null) {
            return new Origin(fallbackFile, 0);
        }
        String file = origin.filename() != null ? origin.filename() : fallbackFile;
        return new Origin(file, Math.max(origin.lineNumber(), 0));
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
