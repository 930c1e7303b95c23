// OpenZeppelin AccessControl's events (both contracts) as entities: who holds which role (e.g. who may pause).
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";

export class RoleChangedInput {
  meta: EventMeta;
  role: string;
  account: string;
  granted: bool;

  constructor(meta: EventMeta, role: string, account: string, granted: bool) {
    this.meta = meta;
    this.role = role.toLowerCase();
    this.account = account.toLowerCase();
    this.granted = granted;
  }
}


function loadRole(store: EntityStore, contract: string, role: string): Row {
  const id = contract + "-" + role;
  const existing = store.load("Role", id);
  if (existing != null) return existing as Row;
  const row = new Row("Role", id);
  row.setBytes("contract", contract);
  row.setBytes("role", role);
  return row;
}

/** RoleGranted (granted) and RoleRevoked (not granted). */
export function onRoleChanged(store: EntityStore, e: RoleChangedInput): void {
  const role = loadRole(store, e.meta.contract, e.role);
  store.save(role);
  const member = new Row("RoleMember", role.id + "-" + e.account);
  member.setString("role", role.id);
  member.setBytes("account", e.account);
  member.setBoolean("active", e.granted);
  member.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(member);
}

