// zpl-image 0.3 ships no types; this declares the one function linegate uses (zpl-image.js).
declare module 'zpl-image' {
  /** Result of a GRF conversion: uncompressed byte count, bytes per row and the encoded data. */
  export interface Z64Result {
    length: number;
    rowlen: number;
    width: number;
    height: number;
    /** `:Z64:<base64 of zlib data>:<crc16 hex>` */
    z64: string;
  }
  /** RGBA pixels (width * height * 4 bytes) to a Z64-encoded monochrome GRF bitmap. */
  export function rgbaToZ64(
    rgba: Uint8Array | number[],
    width: number,
    opts?: { black?: number; rotate?: 'N' | 'L' | 'R' | 'I' | 'B'; notrim?: boolean },
  ): Z64Result;
}
