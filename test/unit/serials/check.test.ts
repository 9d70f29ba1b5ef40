import assert from 'node:assert/strict';
import {
  checkAlgorithms,
  checkPayload,
  isCheckAlgorithm,
  type CheckAlgorithm,
} from '../../../src/serials/check';

const ALL: CheckAlgorithm[] = ['gs1', 'luhn', 'mod11-2', 'mod37-2', 'mod97-10', 'mod11-10', 'mod37-36'];

// [algorithm, payload, check]: published examples and well-known identifiers.
const VECTORS: Array<[CheckAlgorithm, string, string]> = [
  // GS1 General Specifications examples, then real GTIN-13 / UPC-A / ISBN-13 / SSCC numbers.
  ['gs1', '8061414112345', '8'],
  ['gs1', '400638133393', '1'],
  ['gs1', '590123412345', '7'], // GS1 Poland sample 5901234123457
  ['gs1', '03600029145', '2'], // UPC-A 036000291452
  ['gs1', '978030640615', '7'], // ISBN 978-0-306-40615-7
  ['gs1', '10614141123456789', '7'], // SSCC (00)106141411234567897, General Specifications
  ['gs1', '0950600013435', '2'], // GTIN (01)09506000134352, GS1 DataMatrix guideline
  // Luhn: ISO/IEC 7812 example and payment card test numbers.
  ['luhn', '7992739871', '3'],
  ['luhn', '411111111111111', '1'],
  ['luhn', '555555555555444', '4'],
  ['luhn', '37828224631000', '5'],
  // ISO/IEC 7064 examples; ORCID iDs use MOD 11-2.
  ['mod11-2', '079', 'X'],
  ['mod11-2', '0794', '0'],
  ['mod11-2', '000000021825009', '7'], // ORCID 0000-0002-1825-0097
  ['mod11-2', '000000029079593', 'X'], // ORCID 0000-0002-9079-593X
  ['mod37-2', 'G123498654321', 'H'],
  ['mod37-2', 'G123489654321', 'Y'],
  ['mod37-2', 'A999915000001', 'M'],
  ['mod97-10', '794', '44'],
  ['mod97-10', '32142829123456987654321611', '82'], // IBAN GB82 WEST 1234 5698 7654 32
  ['mod97-10', '3704004405320130001314', '89'], // IBAN DE89 3704 0044 0532 0130 00
  ['mod97-10', '001937967935', '37'],
  ['mod11-10', '0794', '5'],
  ['mod11-10', '00200667308', '5'],
  ['mod11-10', '6511224300430482', '7'],
  ['mod11-10', '853', '7'],
  ['mod37-36', 'A12425GABC1234002', 'M'], // GRid A1-2425G-ABC1234002-M
  ['mod37-36', 'RABD', 'A'],
  ['mod37-36', '9', 'J'],
  ['mod37-36', 'B3739U6CR', 'K'],
];

/** Deterministic PRNG (mulberry32) so a failing property prints a reproducible input. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPayload(next: () => number, alphabet: string): string {
  const len = 1 + Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

describe('serials/check', () => {
  describe('published vectors', () => {
    for (const [alg, payload, check] of VECTORS) {
      it(`${alg}(${payload}) = ${check}`, () => {
        assert.equal(checkAlgorithms[alg].compute(payload), check);
      });
    }
  });

  it('declares alphabet and width', () => {
    assert.equal(checkAlgorithms['mod97-10'].width, 2);
    for (const alg of ALL.filter((a) => a !== 'mod97-10')) assert.equal(checkAlgorithms[alg].width, 1, alg);
    assert.equal(checkAlgorithms.gs1.alphabet, '0123456789');
    assert.equal(checkAlgorithms['mod37-2'].alphabet, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    assert.equal(checkAlgorithms['mod37-36'].alphabet, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });

  it('gives mod97-10 as two digits 00-96 (ISO 7064, not the IBAN 02-98 range)', () => {
    assert.equal(checkAlgorithms['mod97-10'].compute('96'), '04'); // 9604 mod 97 = 1
    assert.equal(checkAlgorithms['mod97-10'].compute('65'), '00'); // 6500 mod 97 = 1; IBAN would say 97
  });

  it('recognizes algorithm names', () => {
    for (const alg of ALL) assert.equal(isCheckAlgorithm(alg), true, alg);
    for (const name of ['', 'GS1', 'mod10', 'toString', '__proto__', 'constructor']) {
      assert.equal(isCheckAlgorithm(name), false, name);
    }
  });

  it('strips the separators that check characters skip', () => {
    assert.equal(checkPayload('0000-0002-1825.009/1 2'), '0000000218250091' + '2');
    assert.equal(checkPayload('AB_C'), 'AB_C');
  });

  it('throws a TypeError naming a character outside the alphabet and its position', () => {
    assert.throws(
      () => checkAlgorithms.gs1.compute('12A4'),
      (e: unknown) => e instanceof TypeError && /"A".*3/.test(e.message),
    );
    assert.throws(
      () => checkAlgorithms['mod37-2'].compute('AB-C'),
      (e: unknown) => e instanceof TypeError && /"-".*3/.test(e.message),
    );
    assert.throws(() => checkAlgorithms['mod37-36'].compute('abc'), TypeError); // uppercase only
    assert.throws(() => checkAlgorithms['mod11-2'].compute('07X'), TypeError); // X is a check, not payload
  });

  it('throws a TypeError on an empty payload', () => {
    for (const alg of ALL) assert.throws(() => checkAlgorithms[alg].compute(''), TypeError, alg);
  });

  it('changes the check when any single character changes (every algorithm, random inputs)', () => {
    const next = rng(2024);
    for (const alg of ALL) {
      const { alphabet, compute } = checkAlgorithms[alg];
      for (let n = 0; n < 200; n++) {
        const payload = randomPayload(next, alphabet);
        const check = compute(payload);
        for (let i = 0; i < payload.length; i++) {
          const other = alphabet.replace(payload[i], '')[Math.floor(next() * (alphabet.length - 1))];
          const changed = payload.slice(0, i) + other + payload.slice(i + 1);
          assert.notEqual(compute(changed), check, `${alg}: ${payload} -> ${changed}`);
        }
      }
    }
  });

  it('changes the check when two adjacent different characters swap (ISO 7064 pure systems)', () => {
    const next = rng(99);
    for (const alg of ['mod11-2', 'mod37-2', 'mod97-10'] as const) {
      const { alphabet, compute } = checkAlgorithms[alg];
      for (let n = 0; n < 200; n++) {
        const payload = randomPayload(next, alphabet);
        for (let i = 0; i + 1 < payload.length; i++) {
          if (payload[i] === payload[i + 1]) continue;
          const swapped = payload.slice(0, i) + payload[i + 1] + payload[i] + payload.slice(i + 2);
          assert.notEqual(compute(swapped), compute(payload), `${alg}: ${payload} -> ${swapped}`);
        }
      }
    }
  });
});
