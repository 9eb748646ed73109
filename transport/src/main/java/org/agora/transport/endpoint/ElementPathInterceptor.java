package org.agora.transport.endpoint;

import java.util.List;
import javax.xml.stream.XMLStreamReader;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Puts an {@link ElementPathReader} between the request and whoever reads it: first as soon as
 * the XML reader exists (the header is read through it), and again before the body is
 * unmarshalled if WS-Security replaced the reader with one over its own DOM copy.
 */
final class ElementPathInterceptor extends AbstractPhaseInterceptor<Message> {
    static final ElementPathInterceptor ON_ARRIVAL = new ElementPathInterceptor(Phase.POST_STREAM, List.of());
    static final ElementPathInterceptor BEFORE_BODY = new ElementPathInterceptor(Phase.POST_PROTOCOL,
            List.of("Envelope", "Body"));

    private final List<String> above;

    private ElementPathInterceptor(String phase, List<String> above) {
        super(phase);
        this.above = above;
        if (Phase.POST_STREAM.equals(phase)) {
            addAfter(StaxInInterceptor.class.getName());
        }
    }

    @Override
    public void handleMessage(Message message) {
        XMLStreamReader reader = message.getContent(XMLStreamReader.class);
        if (reader == null || reader instanceof ElementPathReader) {
            return;
        }
        ElementPathReader tracked = new ElementPathReader(reader, above);
        message.setContent(XMLStreamReader.class, tracked);
        message.put(ElementPathReader.class, tracked);
    }

    /** Where reading {@code in} stopped, or null when its XML was never reached. */
    static String field(Message in) {
        ElementPathReader reader = in == null ? null : in.get(ElementPathReader.class);
        return reader == null ? null : reader.field();
    }
}
