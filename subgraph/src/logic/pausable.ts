// OpenZeppelin Pausable's events (both contracts) as entities.
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";

export function onPauseChanged(store: EntityStore, meta: EventMeta, paused: bool): void {
  const row = new Row("ContractState", meta.contract);
  row.setBoolean("paused", paused);
  row.setBigInt("updatedAtBlock", meta.blockNumber);
  store.save(row);
}
