package org.agora.client.bank;

import jakarta.xml.ws.WebServiceException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import javax.xml.datatype.DatatypeFactory;
import org.agora.client.transport.MessageSigning;
import org.agora.client.transport.SecureClients;
import org.agora.client.transport.TransportFailure;
import org.agora.contract.bank.Bank;
import org.agora.contract.bank.BankFault;
import org.agora.contract.bank.BankService;
import org.agora.contract.bank.GetBalance;
import org.agora.contract.bank.GetBalanceResponse;
import org.agora.contract.bank.GetBankCertificate;
import org.agora.contract.bank.GetStatement;
import org.agora.contract.bank.GetStatementResponse;
import org.agora.contract.bank.Mint;
import org.agora.contract.bank.ReceiptType;
import org.agora.contract.bank.Transfer;
import org.agora.security.tls.TlsMaterial;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;

/** A client of one site's bank. The same transfer id sent again moves nothing more: retry freely. */
public final class BankClient implements AutoCloseable {
    private final Bus bus;
    private final Bank port;
    private final String address;

    public BankClient(URI baseUrl, TlsMaterial tls) {
        this(baseUrl, tls, false);
    }

    /**
     * @param signMessages sign every request (WS-Security X.509, Body and Timestamp) and require
     *     signed answers, for sites whose Bank endpoint demands secure messages
     */
    public BankClient(URI baseUrl, TlsMaterial tls, boolean signMessages) {
        this.address = baseUrl.toString().replaceAll("/+$", "") + "/Bank";
        this.bus = BusFactory.newInstance().createBus();
        JaxWsProxyFactoryBean proxies = new JaxWsProxyFactoryBean();
        proxies.setBus(bus);
        proxies.setWsdlURL("classpath:wsdl/bank.wsdl");
        proxies.setServiceName(BankService.SERVICE);
        proxies.setEndpointName(BankService.BankPort);
        proxies.setServiceClass(Bank.class);
        proxies.setAddress(address);
        Bank configured = SecureClients.configure(proxies.create(Bank.class), address, tls);
        this.port = signMessages ? new MessageSigning(tls).onClient(configured) : configured;
    }

    /** A refusal from the bank, or the bank not answering. */
    public static final class BankCallException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        private final boolean worthRetrying;

        BankCallException(String reason, String message, Throwable cause) {
            this(reason, message, cause, false);
        }

        private BankCallException(String reason, String message, Throwable cause, boolean worthRetrying) {
            super(message, cause);
            this.reason = reason;
            this.worthRetrying = worthRetrying;
        }

        static BankCallException unreachable(TransportFailure failure, WebServiceException cause) {
            return new BankCallException("Unreachable", failure.sentence(), cause, failure.worthRetrying());
        }

        /**
         * Whether no answer came although the request may have been applied (or was never sent):
         * a call carrying its own id may be sent again with the same id.
         */
        public boolean worthRetrying() {
            return worthRetrying;
        }

        /** InsufficientFunds, UnknownAccount, InvalidAmount, TransferIdReused, NotAuthorized, or Unreachable. */
        public String reason() {
            return reason;
        }
    }

    public GetBalanceResponse balance() throws BankCallException {
        return call(() -> port.getBalance(new GetBalance()));
    }

    public ReceiptType transfer(String transferId, String toDn, BigDecimal amount, String memo) throws BankCallException {
        Transfer t = new Transfer();
        t.setTransferId(transferId);
        t.setTo(toDn);
        t.setAmount(amount);
        t.setMemo(memo);
        return call(() -> port.transfer(t)).getReceipt();
    }

    public ReceiptType mint(String transferId, String toDn, BigDecimal amount) throws BankCallException {
        Mint m = new Mint();
        m.setTransferId(transferId);
        m.setTo(toDn);
        m.setAmount(amount);
        return call(() -> port.mint(m)).getReceipt();
    }

    public GetStatementResponse statement(Instant from, Instant to) throws BankCallException {
        GetStatement s = new GetStatement();
        DatatypeFactory types = DatatypeFactory.newDefaultInstance();
        s.setFrom(types.newXMLGregorianCalendar(from.toString()));
        s.setTo(types.newXMLGregorianCalendar(to.toString()));
        return call(() -> port.getStatement(s));
    }

    /** The PEM certificate the bank signs receipts with. */
    public String bankCertificate() throws BankCallException {
        return call(() -> port.getBankCertificate(new GetBankCertificate())).getCertificate();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws BankFault;
    }

    private <T> T call(Call<T> call) throws BankCallException {
        try {
            return call.run();
        } catch (BankFault f) {
            String text = f.getFaultInfo() != null && !f.getFaultInfo().getDescription().isEmpty()
                    ? String.join("; ", f.getFaultInfo().getDescription()) : f.getMessage();
            return rethrow(new BankCallException(f.getFaultInfo() == null ? "BankFault" : f.getFaultInfo().getReason(),
                    text, f));
        } catch (WebServiceException e) {
            return rethrow(BankCallException.unreachable(TransportFailure.of(address, e, false), e));
        }
    }

    private static <T> T rethrow(BankCallException e) throws BankCallException {
        throw e;
    }

    @Override
    public void close() {
        bus.shutdown(false);
    }
}
