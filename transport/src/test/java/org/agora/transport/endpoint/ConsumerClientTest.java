package org.agora.transport.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.agora.contract.wsn.NotificationConsumer;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.transport.tls.SecureClients;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.junit.jupiter.api.Test;

/**
 * A notification consumer that accepts a connection and never answers holds one of the service's
 * sender threads until the receive timeout: whichever scheme the subscriber chose, that is the
 * consumer's short bound, not a service call's two minutes.
 */
class ConsumerClientTest {
    @Test
    void aConsumerOverHttpsIsWaitedForNoLongerThanOneOverHttp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=test/CN=Consumer Test CA", Duration.ofDays(1));
        TlsMaterial tls = new TlsMaterial(ca.issueHost("localhost", Duration.ofDays(1)), TrustAnchors.of(ca.certificate()));
        try (SecureBus bus = new SecureBus(tls)) {
            NotificationConsumer https = bus.consumerClient("https://consumer.example.org:8443/notify");
            NotificationConsumer http = bus.consumerClient("http://consumer.example.org:8080/notify");

            assertEquals(SecureClients.CONSUMER_RECEIVE_TIMEOUT.toMillis(), receiveTimeout(https));
            assertEquals(SecureClients.CONSUMER_RECEIVE_TIMEOUT.toMillis(), receiveTimeout(http));
        }
    }

    private static long receiveTimeout(Object port) {
        return ((HTTPConduit) ClientProxy.getClient(port).getConduit()).getClient().getReceiveTimeout();
    }
}
