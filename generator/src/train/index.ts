export { trainModel, type TrainingPiece, type TrainModelParameters, type TrainModelReturnType, type EpochMetrics, type TrainProgress } from "./train-model.js";
export { evaluatePerplexity, type PerplexityReturnType } from "./evaluate-perplexity.js";
export { EmptyCorpusError, InvalidTrainingParametersError, TrainingCancelledError } from "./train-error.js";
