package org.agora.transport.endpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageUtils;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Stops reading a request body at the limit. Jetty's SizeLimitHandler refuses a body whose
 * Content-Length is too large before any of it is read; a chunked body announces no length, so
 * the stream CXF reads from is cut here, and {@link RefusedRequests} answers 413.
 */
final class RequestSizeLimit extends AbstractPhaseInterceptor<Message> {
    private final long maxBytes;

    RequestSizeLimit(long maxBytes) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
    }

    /** Only requests: an answer to a call the process made (a node's console output) is not limited. */
    @Override
    public void handleMessage(Message message) {
        if (MessageUtils.isRequestor(message)) {
            return;
        }
        InputStream body = message.getContent(InputStream.class);
        if (body != null) {
            message.setContent(InputStream.class, new Limited(body, maxBytes));
        }
    }

    /** Thrown by the body's stream once more than the limit was read. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("the request body is larger than this service accepts (" + maxBytes + " bytes)");
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long maxBytes;
        private long read;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes);
            }
        }
    }
}
