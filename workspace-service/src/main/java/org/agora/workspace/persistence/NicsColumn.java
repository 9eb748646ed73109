package org.agora.workspace.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.ArrayList;
import java.util.List;
import org.agora.workspace.model.Nic;

/**
 * A workspace's NICs in one column, {@code network,mac,ip;…} with empty fields for "the site
 * chooses". The request checks keep commas and semicolons out of every field, and a workspace is
 * read with its NICs in one row: status polls do not pay for a join.
 */
@Converter
public class NicsColumn implements AttributeConverter<List<Nic>, String> {
    @Override
    public String convertToDatabaseColumn(List<Nic> nics) {
        if (nics == null || nics.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Nic n : nics) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(n.network()).append(',').append(n.mac() == null ? "" : n.mac()).append(',')
                    .append(n.ip() == null ? "" : n.ip());
        }
        return out.toString();
    }

    @Override
    public List<Nic> convertToEntityAttribute(String column) {
        List<Nic> nics = new ArrayList<>();
        if (column == null || column.isEmpty()) {
            return nics;
        }
        for (String entry : column.split(";")) {
            String[] f = entry.split(",", -1);
            nics.add(new Nic(f[0], f.length > 1 && !f[1].isEmpty() ? f[1] : null,
                    f.length > 2 && !f[2].isEmpty() ? f[2] : null));
        }
        return nics;
    }
}
