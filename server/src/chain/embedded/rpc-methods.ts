/**
 * What the journaling chain does with each JSON-RPC method. The lists are closed on purpose: a method missing from
 * them is refused rather than run, because an unknown method could change state that the journal would then miss.
 */

/** Methods that change the chain (blocks, state, mempool, mining settings, the clock): run, then journaled. */
export const JOURNALED_METHODS: ReadonlySet<string> = new Set([
  "eth_sendRawTransaction",
  "eth_sendTransaction",
  "evm_mine",
  "evm_increaseTime",
  "evm_setNextBlockTimestamp",
  "evm_setAutomine",
  "evm_setBlockGasLimit",
  "hardhat_mine",
  "hardhat_setBalance",
  "hardhat_setCode",
  "hardhat_setStorageAt",
  "hardhat_setNonce",
  "hardhat_setCoinbase",
  "hardhat_setMinGasPrice",
  "hardhat_setNextBlockBaseFeePerGas",
  "hardhat_setPrevRandao",
  "hardhat_impersonateAccount",
  "hardhat_stopImpersonatingAccount",
  "hardhat_dropTransaction",
]);

/** Methods a journal cannot replay: they rewind the chain or mine blocks on a timer, outside any call. */
export const REFUSED_METHODS: ReadonlyMap<string, string> = new Map([
  ["evm_snapshot", "snapshots are not kept: the journal only moves forward"],
  ["evm_revert", "the journal only moves forward: a revert to a snapshot cannot be replayed"],
  ["hardhat_reset", "a reset would throw away the journaled chain: stop the chain and move its journal away instead"],
  ["evm_setIntervalMining", "blocks mined on a timer are not calls the journal sees; mine with evm_mine or hardhat_mine"],
]);

/** Methods that read the chain or hold only per-connection, throw-away state (filters, signing with dev keys). */
export const PASS_THROUGH_METHODS: ReadonlySet<string> = new Set([
  "eth_accounts",
  "eth_blobBaseFee",
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_coinbase",
  "eth_createAccessList",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_gasPrice",
  "eth_getBalance",
  "eth_getBlockByHash",
  "eth_getBlockByNumber",
  "eth_getBlockReceipts",
  "eth_getBlockTransactionCountByHash",
  "eth_getBlockTransactionCountByNumber",
  "eth_getCode",
  "eth_getFilterChanges",
  "eth_getFilterLogs",
  "eth_getLogs",
  "eth_getProof",
  "eth_getStorageAt",
  "eth_getTransactionByBlockHashAndIndex",
  "eth_getTransactionByBlockNumberAndIndex",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_maxPriorityFeePerGas",
  "eth_newBlockFilter",
  "eth_newFilter",
  "eth_newPendingTransactionFilter",
  "eth_pendingTransactions",
  "eth_sign",
  "eth_signTypedData_v4",
  "eth_simulateV1",
  "eth_syncing",
  "eth_uninstallFilter",
  "net_listening",
  "net_peerCount",
  "net_version",
  "personal_sign",
  "web3_clientVersion",
  "web3_sha3",
  "debug_traceCall",
  "debug_traceTransaction",
  "hardhat_getAutomine",
  "hardhat_metadata",
  "hardhat_setLoggingEnabled",
]);

export type MethodKind = "journaled" | "refused" | "pass-through" | "unknown";

export function methodKind(method: string): MethodKind {
  if (JOURNALED_METHODS.has(method)) return "journaled";
  if (REFUSED_METHODS.has(method)) return "refused";
  if (PASS_THROUGH_METHODS.has(method)) return "pass-through";
  return "unknown";
}
