package org.agora.security.authz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.agora.security.identity.GridIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a caller whose DN is in the grid-mapfile, or who holds a verified FQAN that the
 * grid-mapfile lists or that satisfies one of the site's admitted FQANs. The file is re-read when
 * it changes; if a new version cannot be parsed, the last good one stays in force and the error
 * is logged.
 */
public final class GridMapAccess implements SiteAccessPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(GridMapAccess.class);

    private final Path file;
    private final List<String> admittedFqans;
    private GridMapFile current;
    private FileTime loadedVersion;

    /**
     * @param file the grid-mapfile, or null to admit by FQAN only
     * @param admittedFqans FQANs (and their subgroups) admitted whatever the grid-mapfile says
     */
    public GridMapAccess(Path file, List<String> admittedFqans) throws IOException {
        this.file = file;
        this.admittedFqans = List.copyOf(admittedFqans);
        if (file != null) {
            this.current = GridMapFile.parse(file);
            this.loadedVersion = Files.getLastModifiedTime(file);
            LOG.info("event=access.gridmap_loaded file={} entries={}", file, current.size());
        }
    }

    @Override
    public void admit(GridIdentity caller) throws AccessDeniedException {
        GridMapFile map = refreshed();
        if (map != null && map.contains(caller.dn())) {
            return;
        }
        for (String fqan : caller.fqans()) {
            if (map != null && (map.contains(fqan) || map.contains(Fqans.shortForm(fqan)))) {
                return;
            }
            for (String admitted : admittedFqans) {
                if (Fqans.satisfies(fqan, admitted)) {
                    return;
                }
            }
        }
        LOG.warn("event=access.denied dn=\"{}\" fqans={}", caller.dn(), caller.fqans());
        throw new AccessDeniedException(caller.dn() + " is not admitted at this site"
                + (caller.fqans().isEmpty() ? "" : " (with " + caller.fqans() + ")")
                + ": it is not in the site's grid-mapfile" + (admittedFqans.isEmpty() ? ""
                : " and holds none of the admitted VO attributes " + admittedFqans)
                + "; ask the site's administrators to admit you, or use a proxy with your VO's attributes");
    }

    private synchronized GridMapFile refreshed() {
        if (file == null) {
            return null;
        }
        try {
            FileTime now = Files.getLastModifiedTime(file);
            if (!now.equals(loadedVersion)) {
                current = GridMapFile.parse(file);
                loadedVersion = now;
                LOG.info("event=access.gridmap_reloaded file={} entries={}", file, current.size());
            }
        } catch (IOException e) {
            LOG.warn("event=access.gridmap_unreadable file={} reason=\"{}\" keeping=last_good", file, e.getMessage());
        }
        return current;
    }
}
