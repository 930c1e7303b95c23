import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/** A parameter of an attack (degradation) out of its domain, or an input the attack cannot process. */
export class InvalidAttackParameterError extends AudioError {
  readonly code = "INVALID_ATTACK_PARAMETER";
  readonly attack: string;
  readonly parameter: string;

  constructor(attack: string, parameter: string, value: unknown, expected: string, options: AudioErrorOptions = {}) {
    super(`Invalid parameter "${parameter}" of attack "${attack}": ${String(value)} (expected ${expected})`, options);
    this.attack = attack;
    this.parameter = parameter;
  }
}

/** An attack preset name that the registry does not hold. */
export class UnknownAttackError extends AudioError {
  readonly code = "UNKNOWN_ATTACK";
  readonly attack: string;

  constructor(name: string, known: readonly string[], options: AudioErrorOptions = {}) {
    super(`Unknown attack "${name}"`, { details: `Known attacks: ${known.join(", ")}`, ...options });
    this.attack = name;
  }
}
