/**
 * Store damage (issue: a damaged store silently reissued serials): LevelDB's write-ahead log of a
 * copied store truncated or bit-flipped, then a real gateway started on it.
 */
import type { Fault } from '../fault';
import { flipBytes, storeDamageCase, truncateTo } from '../store-damage';

export const faults: Fault[] = [
  {
    name: 'store.wal-truncated-third',
    quick: true,
    run: () => storeDamageCase('write-ahead log truncated to a third', truncateTo(1 / 3)),
  },
  {
    name: 'store.wal-truncated-zero',
    quick: false,
    run: () => storeDamageCase('write-ahead log truncated to zero', truncateTo(0)),
  },
  {
    name: 'store.wal-20-bytes-flipped',
    quick: false,
    run: () => storeDamageCase('20 bytes of the write-ahead log flipped', flipBytes(20)),
  },
];
