/**
 * Checks of `connection: { type: simulator, options }` (free-form in the schema): every bad option
 * is a TypeError naming its key path, thrown when the family builds the device; given `report`,
 * each is reported instead (check-config locates them all) and the option reads as absent.
 */

/** A reader of one options object that names `where` in its errors. */
export class SimOptionsReader {
  constructor(
    private readonly options: Readonly<Record<string, unknown>>,
    private readonly where: string,
    private readonly report?: (key: string, message: string) => void,
  ) {}

  private fail(key: string, message: string): undefined {
    if (!this.report) throw new TypeError(`${this.where}.${key}: ${message}`);
    this.report(key, message);
    return undefined;
  }

  /** Throws when the object has keys other than `known`. */
  only(known: readonly string[]): this {
    for (const key of Object.keys(this.options)) {
      if (!known.includes(key)) this.fail(key, `unknown option (known: ${known.join(', ')})`);
    }
    return this;
  }

  /** A positive integer option, or undefined when absent. */
  positiveInt(key: string): number | undefined {
    const v = this.options[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      return this.fail(key, 'must be a positive integer');
    return v;
  }

  /** A boolean option, or undefined when absent. */
  bool(key: string): boolean | undefined {
    const v = this.options[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.fail(key, 'must be true or false');
    return v;
  }

  /** A list of strings each matching `re`, or undefined when absent. */
  strings(key: string, re: RegExp, what: string): string[] | undefined {
    const v = this.options[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || !re.test(s)))
      return this.fail(key, `must be a list of ${what}`);
    return v as string[];
  }

  /** One of `values`, or undefined when absent. */
  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.options[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
      return this.fail(key, `must be one of ${values.join(', ')}`);
    return v as T;
  }
}
