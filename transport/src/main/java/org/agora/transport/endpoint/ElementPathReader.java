package org.agora.transport.endpoint;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The request's XML as CXF and JAXB read it, remembering which element the reader is in, so a
 * value that fails to parse can be blamed on its element ({@code ResourceAllocation/Vcpus}) rather
 * than on the parser's position. An element stays on the path until the reader moves past its end
 * tag, since JAXB converts a leaf's text only when it meets that tag.
 */
final class ElementPathReader extends StreamReaderDelegate {
    /** Element names longer than this are cut in the path: a 1 MB name must not become a 1 MB fault. */
    private static final int MAX_NAME = 40;
    private static final int MAX_DEPTH = 64;

    private final Deque<String> path = new ArrayDeque<>();
    private int depth;
    private boolean leaving;

    /** @param above the elements the reader is already inside when wrapped (e.g. Envelope, Body) */
    ElementPathReader(XMLStreamReader reader, List<String> above) {
        super(reader);
        above.forEach(this::push);
        if (reader.getEventType() == START_ELEMENT) {
            push(reader.getLocalName());
        }
    }

    @Override
    public int next() throws XMLStreamException {
        leave();
        return track(super.next());
    }

    @Override
    public int nextTag() throws XMLStreamException {
        leave();
        return track(super.nextTag());
    }

    @Override
    public String getElementText() throws XMLStreamException {
        String text = super.getElementText();
        leaving = true;
        return text;
    }

    /**
     * Where the reader is, below the SOAP Body's operation element: {@code ResourceAllocation/Vcpus};
     * the operation element's own name when the problem is in it; {@code Header/…} in the header.
     */
    String field() {
        List<String> names = List.copyOf(path);
        int from = 0;
        if (!names.isEmpty() && names.get(0).equals("Envelope")) {
            from = 1;
        }
        if (names.size() > from && names.get(from).equals("Body")) {
            from = names.size() > from + 2 ? from + 2 : from + 1;
        }
        return names.size() > from ? String.join("/", names.subList(from, names.size())) : "Envelope";
    }

    private int track(int event) {
        if (event == START_ELEMENT) {
            push(getLocalName());
        } else if (event == END_ELEMENT) {
            leaving = true;
        }
        return event;
    }

    private void leave() {
        if (leaving) {
            leaving = false;
            if (depth-- <= MAX_DEPTH) {
                path.pollLast();
            }
        }
    }

    private void push(String name) {
        if (++depth <= MAX_DEPTH) {
            path.addLast(name.length() <= MAX_NAME ? name
                    : name.substring(0, MAX_NAME) + "…(" + name.length() + " characters)");
        }
    }
}
