/**
 * Malformed JSON-RPC for the chain's port (the persistent embedded chain's own HTTP server): bodies that are not JSON,
 * not JSON-RPC, huge, deeply nested, batches of garbage, unknown methods, calls that cannot be journaled, and
 * parameters of the wrong shape for the methods clients use. None changes the chain's state when refused.
 */
import type { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";

export interface JsonRpcCase {
  name: string;
  body: string;
  contentType?: string;
}

const call = (method: string, params: unknown, id: unknown = 1) => JSON.stringify({ jsonrpc: "2.0", id, method, params });

export function jsonRpcCases(rng: SeededRandom, randomCount: number): JsonRpcCase[] {
  const hex = (n: number) => `0x${Array.from({ length: n }, () => rng.int(0, 16).toString(16)).join("")}`;
  const fixed: JsonRpcCase[] = [
    { name: "not JSON", body: "hello chain" },
    { name: "empty body", body: "" },
    { name: "JSON null", body: "null" },
    { name: "a number", body: "12345" },
    { name: "empty object", body: "{}" },
    { name: "empty batch", body: "[]" },
    { name: "batch of garbage", body: JSON.stringify([1, "two", null, {}, []]) },
    { name: "method is a number", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: 42 }) },
    { name: "jsonrpc 1.0", body: JSON.stringify({ jsonrpc: "1.0", id: 1, method: "eth_chainId", params: [] }) },
    { name: "id is an object", body: call("eth_chainId", [], { nested: [1, 2] }) },
    { name: "unknown method", body: call("eth_doesNotExist", []) },
    { name: "params an object for a positional method", body: call("eth_getBalance", { address: "0x00" }) },
    { name: "eth_getBalance of a short address", body: call("eth_getBalance", ["0x1234", "latest"]) },
    { name: "eth_getBlockByNumber 2^256", body: call("eth_getBlockByNumber", [`0x${"f".repeat(64)}`, true]) },
    { name: "eth_getBlockByNumber of a word", body: call("eth_getBlockByNumber", ["tomorrow", false]) },
    { name: "eth_call to nowhere with garbage data", body: call("eth_call", [{ to: "0xzz", data: "0xnothex" }, "latest"]) },
    { name: "eth_sendRawTransaction of random bytes", body: call("eth_sendRawTransaction", [hex(200)]) },
    { name: "eth_sendRawTransaction of an odd-length hex", body: call("eth_sendRawTransaction", ["0xabc"]) },
    { name: "eth_getLogs over 2^64 blocks", body: call("eth_getLogs", [{ fromBlock: "0x0", toBlock: `0x${"f".repeat(16)}` }]) },
    { name: "eth_getLogs with 10,000 topics", body: call("eth_getLogs", [{ topics: Array.from({ length: 10_000 }, () => hex(64)) }]) },
    { name: "evm_revert (cannot be journaled)", body: call("evm_revert", ["0x1"]) },
    { name: "evm_snapshot (cannot be journaled)", body: call("evm_snapshot", []) },
    { name: "hardhat_reset (cannot be journaled)", body: call("hardhat_reset", []) },
    { name: "hardhat_setBalance of garbage", body: call("hardhat_setBalance", ["0xnot", "lots"]) },
    { name: "evm_increaseTime of a string", body: call("evm_increaseTime", ["forever"]) },
    { name: "batch of 1,000 eth_chainId", body: JSON.stringify(Array.from({ length: 1_000 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId", params: [] }))) },
    { name: "params nested 10,000 deep", body: `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":${"[".repeat(10_000)}${"]".repeat(10_000)}}` },
    { name: "a 20 MB body", body: call("eth_call", [{ data: `0x${"00".repeat(10_000_000)}` }, "latest"]) },
    { name: "a 4 MB method name", body: call("x".repeat(4_000_000), []) },
    { name: "text/plain content type", body: call("eth_chainId", []), contentType: "text/plain" },
    { name: "truncated JSON", body: call("eth_chainId", []).slice(0, 20) },
    { name: "invalid UTF-8", body: "\u00ff\u00fe{\"method\":\"eth_chainId\"}" },
  ];
  const methods = ["eth_chainId", "eth_blockNumber", "eth_getBalance", "eth_getCode", "eth_call", "eth_estimateGas", "eth_getTransactionReceipt", "eth_getTransactionByHash", "eth_getBlockByHash", "eth_getLogs", "eth_feeHistory", "eth_sendRawTransaction", "eth_sendTransaction", "net_version", "web3_clientVersion", "debug_traceTransaction", "evm_mine", "hardhat_mine"];
  const junk = (): unknown => {
    switch (rng.int(0, 9)) {
      case 0: return hex(rng.int(0, 80));
      case 1: return rng.int(-1e9, 1e9);
      case 2: return null;
      case 3: return "latest";
      case 4: return { to: hex(40), data: hex(rng.int(0, 200)), value: hex(rng.int(1, 70)), gas: hex(rng.int(1, 20)) };
      case 5: return [junk(), junk()];
      case 6: return "💥".repeat(rng.int(1, 50));
      case 7: return true;
      default: return { fromBlock: hex(rng.int(1, 18)), toBlock: "pending", address: [hex(40)], topics: [[hex(64)], null] };
    }
  };
  const random: JsonRpcCase[] = [];
  for (let i = 0; i < randomCount; i++) {
    let method = methods[rng.int(0, methods.length)]!;
    // State-changing methods only with parameters that cannot succeed, so the journal stays as it was.
    if (method === "eth_sendTransaction" || method === "evm_mine" || method === "hardhat_mine") method = `${method}_fuzzed`;
    random.push({ name: `${method} with random params #${i}`, body: call(method, Array.from({ length: rng.int(0, 4) }, junk), rng.next() < 0.2 ? null : i) });
  }
  return [...fixed, ...random];
}
