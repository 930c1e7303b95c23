// Credits, withdrawals and balances (IPullPayments' events, emitted by both contracts) as entities.
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";
import { addDecimal, subtractDecimal } from "./decimal";

export class PaymentCreditedInput {
  meta: EventMeta;
  payee: string;
  amount: string;

  constructor(meta: EventMeta, payee: string, amount: string) {
    this.meta = meta;
    this.payee = payee.toLowerCase();
    this.amount = amount;
  }
}

export class PaymentWithdrawnInput {
  meta: EventMeta;
  payee: string;
  recipient: string;
  amount: string;

  constructor(meta: EventMeta, payee: string, recipient: string, amount: string) {
    this.meta = meta;
    this.payee = payee.toLowerCase();
    this.recipient = recipient.toLowerCase();
    this.amount = amount;
  }
}

/** Each contract keeps its own credits, so a balance is per (contract, payee). */
export function balanceId(contract: string, payee: string): string {
  return contract.toLowerCase() + "-" + payee.toLowerCase();
}

function loadBalance(store: EntityStore, contract: string, payee: string): Row {
  const existing = store.load("Balance", balanceId(contract, payee));
  if (existing != null) return existing as Row;
  const row = new Row("Balance", balanceId(contract, payee));
  row.setBytes("contract", contract);
  row.setBytes("payee", payee);
  row.setBigInt("credited", "0");
  row.setBigInt("withdrawn", "0");
  row.setBigInt("withdrawable", "0");
  return row;
}

export function onPaymentCredited(store: EntityStore, e: PaymentCreditedInput): void {
  const credit = new Row("Credit", e.meta.eventId());
  credit.setBytes("contract", e.meta.contract);
  credit.setBytes("payee", e.payee);
  credit.setBigInt("amount", e.amount);
  credit.setBigInt("creditedAt", e.meta.timestamp);
  credit.setBigInt("creditedAtBlock", e.meta.blockNumber);
  credit.setBytes("transactionHash", e.meta.transactionHash);
  store.save(credit);

  const balance = loadBalance(store, e.meta.contract, e.payee);
  balance.setBigInt("credited", addDecimal(balance.text("credited"), e.amount));
  balance.setBigInt("withdrawable", addDecimal(balance.text("withdrawable"), e.amount));
  store.save(balance);
}

export function onPaymentWithdrawn(store: EntityStore, e: PaymentWithdrawnInput): void {
  const withdrawal = new Row("Withdrawal", e.meta.eventId());
  withdrawal.setBytes("contract", e.meta.contract);
  withdrawal.setBytes("payee", e.payee);
  withdrawal.setBytes("recipient", e.recipient);
  withdrawal.setBigInt("amount", e.amount);
  withdrawal.setBigInt("withdrawnAt", e.meta.timestamp);
  withdrawal.setBigInt("withdrawnAtBlock", e.meta.blockNumber);
  withdrawal.setBytes("transactionHash", e.meta.transactionHash);
  store.save(withdrawal);

  const balance = loadBalance(store, e.meta.contract, e.payee);
  balance.setBigInt("withdrawn", addDecimal(balance.text("withdrawn"), e.amount));
  balance.setBigInt("withdrawable", subtractDecimal(balance.text("withdrawable"), e.amount));
  store.save(balance);
}
