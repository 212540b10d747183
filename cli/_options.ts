/** Option parsers shared by the `renkei` commands. */
import { InvalidArgumentError } from "commander";

/** A commander parser for option `name`: a whole number of at least `min`, else a usage error. */
export function wholeNumber(name: string, min: number): (text: string) => number {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(
        `Expected ${name} to be an integer ≥ ${min} but found ${JSON.stringify(text)}.`,
      );
    }
    return n;
  };
}
