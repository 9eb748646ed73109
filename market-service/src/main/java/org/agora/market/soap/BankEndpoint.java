package org.agora.market.soap;

import jakarta.annotation.Resource;
import jakarta.jws.WebService;
import jakarta.xml.ws.WebServiceContext;
import java.math.BigDecimal;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.contract.bank.Bank;
import org.agora.contract.bank.BankFault;
import org.agora.contract.bank.BankFaultType;
import org.agora.contract.bank.GetBalance;
import org.agora.contract.bank.GetBalanceResponse;
import org.agora.contract.bank.GetBankCertificate;
import org.agora.contract.bank.GetBankCertificateResponse;
import org.agora.contract.bank.GetStatement;
import org.agora.contract.bank.GetStatementResponse;
import org.agora.contract.bank.Mint;
import org.agora.contract.bank.ReceiptType;
import org.agora.contract.bank.StatementLineType;
import org.agora.contract.bank.Transfer;
import org.agora.contract.bank.TransferResponse;
import org.agora.contract.wsrf.faults.BaseFaultType;
import org.agora.market.bank.BankException;
import org.agora.market.bank.Credits;
import org.agora.market.bank.Ledger;
import org.agora.security.authz.AccessDeniedException;
import org.agora.security.identity.GridIdentity;
import org.agora.security.authz.LimitedProxyPolicy;
import org.agora.security.soap.CallerIdentity;
import org.agora.security.soap.LimitedProxyGuard;
import org.apache.cxf.jaxws.context.WrappedMessageContext;

/** Bank port: the caller's balance, transfers from the caller's account, minting, statements. */
@WebService(endpointInterface = "org.agora.contract.bank.Bank", serviceName = "BankService", portName = "BankPort",
        targetNamespace = "http://agora-grid.org/namespaces/2026/11/bank", wsdlLocation = "classpath:wsdl/bank.wsdl")
public class BankEndpoint implements Bank {
    static final String ERROR_CODE_DIALECT = "http://agora-grid.org/namespaces/2026/11/bank/errors";
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final org.agora.market.bank.Bank bank;
    private final CallerIdentity identity;
    private final java.security.cert.X509Certificate bankCertificate;

    @Resource
    private WebServiceContext context;

    public BankEndpoint(org.agora.market.bank.Bank bank, CallerIdentity identity,
                        java.security.cert.X509Certificate bankCertificate) {
        this.bank = bank;
        this.identity = identity;
        this.bankCertificate = bankCertificate;
    }

    @Override
    public GetBalanceResponse getBalance(GetBalance request) throws BankFault {
        GridIdentity caller = caller();
        try {
            GetBalanceResponse r = new GetBalanceResponse();
            r.setAccount(org.agora.market.bank.Bank.accountOf(caller.dn()));
            r.setOwner(caller.dn());
            r.setBalance(bank.balance(caller).toBigDecimal());
            return r;
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public TransferResponse transfer(Transfer request) throws BankFault {
        GridIdentity caller = caller();
        require(request != null && request.getTransferId() != null && request.getTo() != null
                && request.getAmount() != null, "Transfer needs TransferId, To and Amount");
        try {
            return receipt(bank.transfer(caller, request.getTransferId().strip(), request.getTo().strip(),
                    credits(request.getAmount()), request.getMemo()));
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public TransferResponse mint(Mint request) throws BankFault {
        GridIdentity caller = caller();
        require(request != null && request.getTransferId() != null && request.getTo() != null
                && request.getAmount() != null, "Mint needs TransferId, To and Amount");
        try {
            return receipt(bank.mint(caller, request.getTransferId().strip(), request.getTo().strip(),
                    credits(request.getAmount())));
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public GetStatementResponse getStatement(GetStatement request) throws BankFault {
        GridIdentity caller = caller();
        require(request != null && request.getFrom() != null && request.getTo() != null,
                "GetStatement needs From and To");
        Instant from = request.getFrom().toGregorianCalendar().toInstant();
        Instant to = request.getTo().toGregorianCalendar().toInstant();
        try {
            GetStatementResponse r = new GetStatementResponse();
            r.setAccount(org.agora.market.bank.Bank.accountOf(caller.dn()));
            for (Ledger.StatementLine line : bank.statement(caller, from, to)) {
                StatementLineType t = new StatementLineType();
                t.setTransferId(line.transfer().id());
                t.setAppliedAt(time(line.transfer().at()));
                t.setFrom(line.transfer().from());
                t.setTo(line.transfer().to());
                t.setChange(line.change().toBigDecimal());
                t.setBalanceAfter(line.balanceAfter().toBigDecimal());
                t.setMemo(line.transfer().memo());
                r.getLine().add(t);
            }
            return r;
        } catch (BankException e) {
            throw fault(e);
        }
    }

    @Override
    public GetBankCertificateResponse getBankCertificate(GetBankCertificate request) throws BankFault {
        try {
            GetBankCertificateResponse r = new GetBankCertificateResponse();
            r.setCertificate("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(bankCertificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            return r;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the bank's certificate cannot be encoded", e);
        }
    }

    private static TransferResponse receipt(org.agora.market.bank.Bank.Receipt receipt) {
        ReceiptType t = new ReceiptType();
        t.setTransferId(receipt.transfer().id());
        t.setFrom(receipt.transfer().from());
        t.setTo(receipt.transfer().to());
        t.setAmount(receipt.transfer().amount().toBigDecimal());
        t.setAppliedAt(time(receipt.transfer().at()));
        t.setSignedReceipt(receipt.signed());
        TransferResponse r = new TransferResponse();
        r.setReceipt(t);
        return r;
    }

    private static Credits credits(BigDecimal amount) throws BankFault {
        try {
            return Credits.of(amount);
        } catch (IllegalArgumentException e) {
            throw fault(new BankException(BankException.Reason.INVALID_AMOUNT, e.getMessage()));
        }
    }

    private static void require(boolean ok, String message) throws BankFault {
        if (!ok) {
            throw fault(new BankException(BankException.Reason.INVALID_AMOUNT, message));
        }
    }

    /**
     * The limited-proxy guard for this endpoint: a refused call receives BankFault with reason
     * NotAuthorized. {@code computeElements} may relay their users' signed calls.
     */
    public static LimitedProxyGuard limitedProxyGuard(LimitedProxyPolicy policy,
                                                      org.agora.security.authz.TrustedComputeElements computeElements) {
        return new LimitedProxyGuard(policy, computeElements,
                refusal -> fault(new BankException(BankException.Reason.NOT_AUTHORIZED, refusal)));
    }

    private GridIdentity caller() throws BankFault {
        try {
            return identity.of(((WrappedMessageContext) context.getMessageContext()).getWrappedMessage());
        } catch (AccessDeniedException e) {
            throw fault(new BankException(BankException.Reason.NOT_AUTHORIZED, e.getMessage()));
        }
    }

    private static XMLGregorianCalendar time(Instant instant) {
        return DATATYPES.newXMLGregorianCalendar(instant.toString());
    }

    /** InsufficientFunds, UnknownAccount, ...: the reason in the contract's spelling. */
    static String contractReason(BankException.Reason reason) {
        StringBuilder out = new StringBuilder();
        for (String part : reason.name().toLowerCase().split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    static BankFault fault(BankException e) {
        return new BankFault(e.getMessage(), faultInfo(contractReason(e.reason()), e.getMessage()));
    }

    /** @param reason the stable word of bank.xsd's BankFault Reason, e.g. InvalidAmount */
    static BankFaultType faultInfo(String reason, String description) {
        BankFaultType info = new BankFaultType();
        info.setTimestamp(time(Instant.now()));
        BaseFaultType.ErrorCode code = new BaseFaultType.ErrorCode();
        code.setDialect(ERROR_CODE_DIALECT);
        code.getContent().add(reason);
        info.setErrorCode(code);
        info.getDescription().add(description);
        info.setReason(reason);
        return info;
    }
}
