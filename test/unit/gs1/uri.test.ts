import assert from 'node:assert/strict';
import { checkAlgorithms } from '../../../src/serials/check';
import { LinegateError } from '../../../src/errors';
import {
  digitalLink,
  GS1_RESOLVER,
  lgtinUrn,
  parseDigitalLink,
  resolverProblems,
  sgtinUrn,
} from '../../../src/gs1';

/** A GTIN-14 from its first 13 digits and GS1's check digit. */
const gtin = (body: string) => body + checkAlgorithms.gs1.compute(body);

describe('GS1 URIs', () => {
  // The identifiers below are GS1's own, from the EPCIS 2.0 examples in test/fixtures/gs1-epcis.
  it("builds GS1's SGTIN example urn:epc:id:sgtin:0614141.107346.2017", () => {
    assert.equal(sgtinUrn(gtin('1061414107346'), '2017', 7), 'urn:epc:id:sgtin:0614141.107346.2017');
  });

  it("builds GS1's LGTIN example urn:epc:class:lgtin:4012345.005555.456", () => {
    assert.equal(lgtinUrn(gtin('0401234505555'), '456', 7), 'urn:epc:class:lgtin:4012345.005555.456');
  });

  it("builds GS1's Digital Link examples (serial and lot)", () => {
    assert.equal(
      digitalLink(GS1_RESOLVER, { gtin: '70614141123451', serial: '2017' }),
      'https://id.gs1.org/01/70614141123451/21/2017',
    );
    assert.equal(
      digitalLink(GS1_RESOLVER, { gtin: '04012345123456', lot: '998877' }),
      'https://id.gs1.org/01/04012345123456/10/998877',
    );
  });

  it('escapes the characters TDS and Digital Link reserve, and reads them back', () => {
    assert.equal(sgtinUrn(gtin('1061414107346'), 'A/B&C', 7), 'urn:epc:id:sgtin:0614141.107346.A%2FB%26C');
    const uri = digitalLink('https://id.example.com/dl', { gtin: '70614141123451', serial: "A/B'(x)*?" });
    assert.equal(uri, 'https://id.example.com/dl/01/70614141123451/21/A%2FB%27%28x%29%2A%3F');
    assert.deepEqual(parseDigitalLink(uri), {
      resolver: 'https://id.example.com/dl',
      gtin: '70614141123451',
      serial: "A/B'(x)*?",
    });
  });

  it('refuses a bad check digit, a serial outside CSet 82 or over 20 characters, and a bad resolver', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof LinegateError ? err.code : (err as Error).name;
      }
      return 'none';
    };
    assert.equal(
      code(() => sgtinUrn('10614141073468', '1', 7)),
      'GS1_BAD_GTIN',
    );
    assert.equal(
      code(() => sgtinUrn(gtin('1061414107346'), 'ä', 7)),
      'GS1_BAD_CHAR',
    );
    assert.equal(
      code(() => digitalLink(GS1_RESOLVER, { gtin: '70614141123451', serial: 'x'.repeat(21) })),
      'GS1_BAD_CHAR',
    );
    assert.equal(
      code(() => digitalLink('https://id.example.com/', { gtin: '70614141123451' })),
      'TypeError',
    );
    assert.deepEqual(resolverProblems('https://id.example.com'), []);
    assert.deepEqual(resolverProblems('https://id.example.com:8443/a/b'), []);
    for (const bad of ['ftp://x', 'https://x/', 'https://x?q=1', 'https://x#f', 'id.example.com'])
      assert.equal(resolverProblems(bad).length, 1, bad);
  });
});
