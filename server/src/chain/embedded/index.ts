export { startEmbeddedChain, type EmbeddedChain, type StartEmbeddedChainParameters } from "./start-embedded-chain.js";
export {
  ChainFolderLockedError,
  ChainJournalCorruptError,
  ChainJournalMismatchError,
  ChainJournalWriteError,
  ChainReplayMismatchError,
} from "./errors.js";
