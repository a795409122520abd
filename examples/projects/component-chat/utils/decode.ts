// Chunks of a UTF-8 stream to text without TextDecoder (the phone has none): the bytes of a
// character cut at a chunk's end wait for the next chunk.
export interface ChunkDecoder {
  write(buffer: ArrayBuffer): string;
}

export function createDecoder(): ChunkDecoder {
  let carry: number[] = [];
  return {
    write(buffer: ArrayBuffer): string {
      const bytes: number[] = carry.concat(Array.from(new Uint8Array(buffer)));
      carry = [];
      let out = '';
      let i = 0;
      while (i < bytes.length) {
        const b = bytes[i];
        const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (i + size > bytes.length) {
          carry = bytes.slice(i);
          break;
        }
        let code = size === 1 ? b : b & (0xff >> (size + 1));
        for (let k = 1; k < size; k++) code = (code << 6) | (bytes[i + k] & 0x3f);
        out += String.fromCodePoint(code);
        i += size;
      }
      return out;
    },
  };
}
