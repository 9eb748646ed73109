package org.agora.deploy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A SOAP request as bytes on a TLS connection of its own, opened from a given context: a context
 * reused resumes its TLS session (the JDK client offers the server's ticket), which is what the
 * tests of resumed sessions need to control and to see.
 */
final class OneConnectionSoap {
    private OneConnectionSoap() {
    }

    /** The HTTP status, the whole response, and when the TLS session it ran on was first made. */
    record Exchange(int status, String response, long sessionCreated) {
    }

    static String envelope(String header, String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>" + header
                + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static Exchange post(SSLContext context, URI url, String action, String envelope) throws Exception {
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            socket.startHandshake();
            long created = socket.getSession().getCreationTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"" + action + "\"\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int space = response.indexOf(' ');
            return new Exchange(Integer.parseInt(response.substring(space + 1, space + 4)), response, created);
        }
    }
}
