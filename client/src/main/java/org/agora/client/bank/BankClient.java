package org.agora.client.bank;

import jakarta.xml.ws.WebServiceException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import javax.xml.datatype.DatatypeFactory;
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
import org.agora.transport.client.ClientPorts;
import org.agora.transport.client.ServiceCallException;

/**
 * A client of one site's bank. The same transfer id sent again moves nothing more: retry freely. A
 * refusal's {@link ServiceCallException#reason()} is InsufficientFunds, UnknownAccount, InvalidAmount,
 * TransferIdReused or NotAuthorized.
 */
public final class BankClient implements AutoCloseable {
    private final ClientPorts ports;
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
        this(baseUrl, new ClientPorts(tls, signMessages));
    }

    /** A client whose calls go through {@code ports}, e.g. {@link ClientPorts#relaying}. */
    public BankClient(URI baseUrl, ClientPorts ports) {
        this.address = baseUrl.toString().replaceAll("/+$", "") + "/Bank";
        this.ports = ports;
        this.port = ports.port(Bank.class, "wsdl/bank.wsdl", BankService.SERVICE, BankService.BankPort, address);
    }

    public GetBalanceResponse balance() throws ServiceCallException {
        return call(() -> port.getBalance(new GetBalance()));
    }

    public ReceiptType transfer(String transferId, String toDn, BigDecimal amount, String memo) throws ServiceCallException {
        Transfer t = new Transfer();
        t.setTransferId(transferId);
        t.setTo(toDn);
        t.setAmount(amount);
        t.setMemo(memo);
        return call(() -> port.transfer(t)).getReceipt();
    }

    public ReceiptType mint(String transferId, String toDn, BigDecimal amount) throws ServiceCallException {
        Mint m = new Mint();
        m.setTransferId(transferId);
        m.setTo(toDn);
        m.setAmount(amount);
        return call(() -> port.mint(m)).getReceipt();
    }

    public GetStatementResponse statement(Instant from, Instant to) throws ServiceCallException {
        GetStatement s = new GetStatement();
        DatatypeFactory types = DatatypeFactory.newDefaultInstance();
        s.setFrom(types.newXMLGregorianCalendar(from.toString()));
        s.setTo(types.newXMLGregorianCalendar(to.toString()));
        return call(() -> port.getStatement(s));
    }

    /** The PEM certificate the bank signs receipts with. */
    public String bankCertificate() throws ServiceCallException {
        return call(() -> port.getBankCertificate(new GetBankCertificate())).getCertificate();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws BankFault;
    }

    private <T> T call(Call<T> call) throws ServiceCallException {
        try {
            return call.run();
        } catch (BankFault f) {
            String text = f.getFaultInfo() != null && !f.getFaultInfo().getDescription().isEmpty()
                    ? String.join("; ", f.getFaultInfo().getDescription()) : f.getMessage();
            throw new ServiceCallException(f.getFaultInfo() == null ? "BankFault" : f.getFaultInfo().getReason(),
                    text, f);
        } catch (WebServiceException e) {
            throw ports.noAnswer(address, e);
        }
    }

    @Override
    public void close() {
        ports.close();
    }
}
