/**
 * GS1 for labels: the one parser (src/gs1) with every AI checked, its failures as the label
 * codes label callers switch on (LABEL_BAD_CHAR, LABEL_VALUE_TOO_LONG, else LABEL_GS1_INVALID),
 * and Data Matrix field data with the label escaping.
 */
import { LinegateError, type CodeIn } from '../errors';
import { gs1DataMatrix as dataMatrix, parseGs1 as parse, type Gs1Element } from '../gs1';
import { escapeDataMatrix } from './escape';

export { gs1CheckDigit, gs1Hri, type Gs1Element } from '../gs1';

const LABEL_CODES: Readonly<Record<string, CodeIn<'LABEL_'>>> = {
  GS1_BAD_CHAR: 'LABEL_BAD_CHAR',
  GS1_TOO_LONG: 'LABEL_VALUE_TOO_LONG',
};

/** Parses and validates a GS1 element string in HRI or raw form; throws LinegateError LABEL_*. */
export function parseGs1(input: string): Gs1Element[] {
  try {
    return parse(input);
  } catch (err) {
    if (!(err instanceof LinegateError)) throw err;
    throw new LinegateError(LABEL_CODES[err.code] ?? 'LABEL_GS1_INVALID', err.message, { cause: err });
  }
}

/** GS1 Data Matrix field data for ^BX quality 200 (FNC1 = escape character + "1"). */
export function gs1DataMatrix(elements: Gs1Element[], escapeChar: string): string {
  return dataMatrix(elements, escapeChar, escapeDataMatrix);
}
