package org.agora.gram.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AGORA-GRAM/1 requests and answers, and the bounds a client cannot pass. */
class ProtocolTest {

    @Test
    void readsCommandArgumentsAndRepeatedFieldsInOrder() throws Exception {
        Request r = read("STATUS abc-1\nargument " + b64("a b") + "\nargument " + b64("") + "\nEND\n");
        assertEquals("STATUS", r.command());
        assertEquals("abc-1", r.argument(0));
        assertEquals(List.of("a b", ""), r.texts("argument"));
    }

    @Test
    void joinsContinuedValuesAndKeepsEveryByte() throws Exception {
        byte[] all = new byte[Wire.CHUNK * 2 + 7];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Reply.ok().field("stdin", all).writeTo(wire);
        String text = wire.toString(StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("OK\nstdin+ "), text.substring(0, 20));
        // The answer's field lines read as a request's do.
        Request r = read("SUBMIT\n" + text.substring(3));
        assertArrayEquals(all, r.bytes("stdin"));
    }

    @Test
    void anErrorAnswerCarriesItsCodeAndBase64Text() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Reply.error("unknown-job", "no job x of yours").writeTo(wire);
        assertEquals("ERR unknown-job " + b64("no job x of yours") + "\nEND\n", wire.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void theEndOfTheStreamBetweenRequestsIsNoRequest() throws Exception {
        assertNull(new RequestReader(new LineReader(new ByteArrayInputStream(new byte[0]))).next());
    }

    @Test
    void refusesALineOverTheBound() {
        String line = "argument " + "A".repeat(Wire.MAX_LINE) + "\n";
        ProtocolException e = assertThrows(ProtocolException.class, () -> read("SUBMIT\n" + line + "END\n"));
        assertEquals("too-large", e.code());
    }

    @Test
    void refusesARequestOverTheBound() {
        String line = "stdin+ " + "A".repeat(4000) + "\n";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> read("SUBMIT\n" + line.repeat(Wire.MAX_REQUEST / 4000 + 2) + "stdin \nEND\n"));
        assertEquals("too-large", e.code());
    }

    @Test
    void refusesTooManyFields() {
        String line = "argument " + b64("x") + "\n";
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> read("SUBMIT\n" + line.repeat(Wire.MAX_FIELDS + 1) + "END\n"));
        assertEquals("too-large", e.code());
    }

    @Test
    void refusesControlBytesBadBase64AndStrayContinuations() {
        assertEquals("bad-request", assertThrows(ProtocolException.class,
                () -> read("STATUS a\u0001\nEND\n")).code());
        assertEquals("bad-request", assertThrows(ProtocolException.class,
                () -> read("SUBMIT\nexecutable %%%\nEND\n")).code());
        assertEquals("bad-request", assertThrows(ProtocolException.class,
                () -> read("SUBMIT\nstdin+ " + b64("a") + "\nEND\n")).code());
        assertEquals("bad-request", assertThrows(ProtocolException.class,
                () -> read("SUBMIT\nstdin+ " + b64("a") + "\nproxy " + b64("b") + "\nEND\n")).code());
        assertEquals("bad-request", assertThrows(ProtocolException.class,
                () -> read("status x\nEND\n")).code());
        assertEquals("bad-request", assertThrows(ProtocolException.class, () -> read("STATUS x\n")).code());
    }

    @Test
    void aFieldSentTwiceWhereOneIsExpectedIsRefused() throws Exception {
        Request r = read("SUBMIT\nexecutable " + b64("/a") + "\nexecutable " + b64("/b") + "\nEND\n");
        assertEquals("bad-request", assertThrows(ProtocolException.class, () -> r.text("executable")).code());
    }

    private static Request read(String wire) throws Exception {
        return new RequestReader(new LineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1))))
                .next();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
