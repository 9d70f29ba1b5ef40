/**
 * Which escape a placeholder field needs: decided by the barcode command (^B…) that precedes its
 * ^FD in the same field block. Only symbologies whose escape rules the ZPL manual spells out take
 * placeholders; any other barcode is refused at compile time rather than printed wrongly.
 */
import type { FieldContext } from './escape';
import type { Command, Piece } from './zpl-lexer';
import { LinegateError } from '../errors';

/** The barcode command of a field block, as written in the template. */
export interface BarcodeInfo {
  name: string;
  params: string;
  line: number;
}

/** The escape context of a ^FD that carries placeholders. */
export function barcodeContext(
  barcode: BarcodeInfo | undefined,
  data: Command,
  source: string,
): FieldContext {
  if (!barcode) return { kind: 'text' };
  const where = `${source}:${barcode.line}`;
  const params = barcode.params.split(',');
  switch (barcode.name) {
    case 'BC': {
      // ^BCo,h,f,g,e,m: the invocation-code escapes are documented for mode N (the default).
      const mode = (params[5] ?? '').trim().toUpperCase() || 'N';
      if (mode !== 'N') throw unsupported(where, `^BC mode ${mode}: placeholders need mode N`);
      return { kind: 'code128' };
    }
    case 'BX': {
      // ^BXo,h,s,c,r,f,g,a: escapes exist only for quality 200, with escape character g.
      const quality = (params[2] ?? '').trim();
      if (quality !== '200') throw unsupported(where, '^BX: placeholders need quality 200 (ECC 200)');
      const g = params[6] ?? '';
      if (g.length !== 1 || g === '^' || g === '~') {
        // The default g differs by firmware ("~" before V60.13.0.12, "_" after): name it.
        throw unsupported(where, '^BX: give the escape character explicitly, e.g. ^BXN,6,200,,,,_');
      }
      return { kind: 'datamatrix', escapeChar: g };
    }
    case 'BQ': {
      // ^FD of ^BQ starts with switches; normal mode with automatic input is "<level>A,".
      const m = /^([HQML])A,/.exec(firstLiteral(data.params));
      if (!m)
        throw unsupported(
          `${source}:${data.line}`,
          '^BQ: placeholder fields need the prefix QA, (or HA, MA, LA)',
        );
      return { kind: 'qr', level: m[1] as 'H' | 'Q' | 'M' | 'L' };
    }
    default:
      throw unsupported(
        where,
        `^${barcode.name}: placeholders are supported in ^BC, ^BX, ^BQ and text fields`,
      );
  }
}

function firstLiteral(params: Piece[]): string {
  return typeof params[0] === 'string' ? params[0] : '';
}

function unsupported(where: string, message: string): LinegateError {
  return new LinegateError('LABEL_UNSUPPORTED', `${where}: ${message}`);
}
