package org.agora.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What differs between two domains' persistent XML once what must differ is set aside: their
 * workspace ids, UUIDs, MAC addresses and the directories their files are in. The bench prints it
 * so that "the same guest on both paths" is checked on every run rather than assumed.
 */
final class DomainXmlDifferences {
    private DomainXmlDifferences() {
    }

    /** Lines of either side that the other lacks, marked {@code -} (first) and {@code +} (second). */
    static List<String> between(String firstXml, String firstId, String secondXml, String secondId) {
        Set<String> first = lines(firstXml, firstId);
        Set<String> second = lines(secondXml, secondId);
        List<String> out = new ArrayList<>();
        first.stream().filter(l -> !second.contains(l)).forEach(l -> out.add("- " + l));
        second.stream().filter(l -> !first.contains(l)).forEach(l -> out.add("+ " + l));
        return out;
    }

    private static Set<String> lines(String xml, String id) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : xml.replace(id, "ID").split("\n")) {
            String l = line.strip()
                    .replaceAll("<uuid>[^<]*</uuid>", "<uuid/>")
                    .replaceAll("<mac address='[^']*'", "<mac address='…'")
                    // A file's directory is where each path keeps it; its name is what the guest sees.
                    .replaceAll("(['>])/(?:[^'<]*/)?([^/'<]+)(?=['<])", "$1…/$2");
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }
}
