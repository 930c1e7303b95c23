export { startStack, type StartStackParameters, type RunningStack } from "./start-stack.js";
export { readStackFile, STACK_FILE, type StackFile } from "./stack-file.js";
export { StackError } from "./stack-error.js";
