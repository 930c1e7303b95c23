import { GrammarState } from "../tokenizer/grammar.js";
import { InvalidTokensError } from "../tokenizer/tokenizer-error.js";
import type { Vocabulary } from "../tokenizer/vocabulary.js";
import { TimeTracker } from "./time-tracker.js";

/**
 * One partial output: its tokens, its grammar state and clock, its log-probability (beam search), and the length at
 * its last note boundary (where it may be cut when the token budget runs out).
 */
export class Hypothesis {
  readonly tokens: number[];
  readonly grammar: GrammarState;
  readonly time: TimeTracker;
  score = 0;
  boundary = 0;

  constructor(vocabulary: Vocabulary, tokens: number[] = [], grammar?: GrammarState, time?: TimeTracker) {
    this.tokens = tokens;
    this.grammar = grammar ?? new GrammarState(vocabulary);
    this.time = time ?? new TimeTracker(vocabulary);
  }

  /** Starts from BOS STYLE_s and a prompt (checked against the grammar). */
  static start(vocabulary: Vocabulary, styleToken: number, prompt: readonly number[]): Hypothesis {
    const h = new Hypothesis(vocabulary);
    for (const [i, token] of [vocabulary.bos, styleToken, ...prompt].entries()) {
      if (!h.grammar.accepts(token)) {
        throw new InvalidTokensError(`the prompt breaks the token grammar at index ${Math.max(0, i - 2)}`, {
          details: "A prompt is the tokens of a few bars (encodeMidi output; BOS, STYLE and EOS are dropped).",
        });
      }
      h.push(token);
    }
    if (h.grammar.insideNote) throw new InvalidTokensError("the prompt ends inside a note");
    return h;
  }

  push(token: number): void {
    this.tokens.push(token);
    this.grammar.advance(token);
    this.time.advance(token);
    if (this.grammar.atBoundary) this.boundary = this.tokens.length;
  }

  clone(): Hypothesis {
    const copy = new Hypothesis(this.grammar.vocabulary, [...this.tokens], this.grammar.clone(), this.time.clone());
    copy.score = this.score;
    copy.boundary = this.boundary;
    return copy;
  }

  get ended(): boolean {
    return this.grammar.phase === "end";
  }

  /**
   * Tokens allowed next: the grammar's, and with a target length, no EOS before the open bar reaches it and no new
   * bar after (so the piece stops at the first bar line at or past the target).
   */
  fillMask(mask: Uint8Array, targetSeconds: number | undefined): Uint8Array {
    this.grammar.fillMask(mask);
    if (targetSeconds !== undefined) {
      const v = this.grammar.vocabulary;
      if (this.time.barOpen && this.time.seconds >= targetSeconds - 1e-9) mask[v.bar] = 0;
      else mask[v.eos] = 0;
    }
    return mask;
  }

  /** The tokens cut at the last note boundary and closed with EOS. */
  finished(): number[] {
    if (this.ended) return [...this.tokens];
    return [...this.tokens.slice(0, this.boundary), this.grammar.vocabulary.eos];
  }
}
