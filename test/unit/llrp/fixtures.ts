/**
 * LLRP 1.0.1 messages as bytes, laid out by hand from the standard (header: 3 reserved bits,
 * 3 version bits = 1, 10 type bits; 32-bit length including the header; 32-bit message ID;
 * TLV parameters: 16-bit type, 16-bit length; TV parameters: 0x80 | type, then the value).
 */
const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');

/** KEEPALIVE (type 62), message ID 7. */
export const KEEPALIVE_7 = hex('043e 0000000a 00000007');

/** KEEPALIVE_ACK (type 72), message ID 7: the answer the reader waits for. */
export const KEEPALIVE_ACK_7 = hex('0448 0000000a 00000007');

/** DELETE_ROSPEC (type 21), ID 5, ROSpecID 0 (all). */
export const DELETE_ROSPEC_ALL_5 = hex('0415 0000000e 00000005 | 00000000');

/** RO_ACCESS_REPORT (type 61), ID 9: one TagReportData (240) with EPC-96 (TV 13), AntennaID 2 (TV 1), PeakRSSI -47 (TV 6). */
export const REPORT_ONE_TAG = hex(
  '043d 00000020 00000009 | 00f0 0016 | 8d 3034257bf7194e4000001a85 | 81 0002 | 86 d1',
);

/** RO_ACCESS_REPORT with no TagReportData (what some readers send when the field is empty). */
export const REPORT_EMPTY = hex('043d 0000000a 0000000a');

/**
 * READER_EVENT_NOTIFICATION (type 63): ReaderEventNotificationData (246) with UTCTimestamp (128)
 * and ConnectionAttemptEvent (256) status 2 = Failed_A_Client_Initiated_Connection_Already_Exists.
 */
export const BUSY_EVENT = hex(
  '043f 00000020 00000000 | 00f6 0016 | 0080 000c 00060a24181e4000 | 0100 0006 0002',
);

/** The Impinj InventorySearchMode custom parameter (1023) for dual target (2). */
export const IMPINJ_DUAL_TARGET = hex('03ff 000e 0000651a 00000017 0002');
